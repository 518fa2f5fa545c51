#include "backend/server/openapiroute.h"

#include <QFile>

#include "backend/http/httpresponse.h"
#include "backend/http/router.h"

namespace thetool::server {

void addOpenApiRoute(http::Router &router)
{
    QFile file(QStringLiteral(":/docs/openapi.yaml"));
    const QByteArray document = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    router.add(
        "GET", QStringLiteral("/openapi.yaml"),
        [document](const http::HttpRequest &) {
            if (document.isEmpty())
                throw http::ApiError::notFound(QStringLiteral("This build carries no OpenAPI document"));
            return http::HttpResponse::text(document, 200, "application/yaml; charset=utf-8");
        },
        http::Access::open());
}

} // namespace thetool::server
