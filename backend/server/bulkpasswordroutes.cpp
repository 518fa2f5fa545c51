#include "backend/server/bulkpasswordroutes.h"

#include <QDateTime>
#include <QHash>

#include <QJsonObject>

#include <memory>

#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/security/attemptwindow.h"
#include "backend/security/bulkpassword.h"
#include "backend/security/clientaddress.h"
#include "backend/server/routesupport.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

constexpr int kAttemptsPerMinute = 5;

http::HttpResponse answer(int status, bool authorized, const QString &message)
{
    QJsonObject body {{QStringLiteral("authorized"), authorized}, {QStringLiteral("message"), message}};
    if (status >= 400) {
        // The frontend reads `authorized` and `message` (spec §2.8); API clients get the usual
        // error envelope beside them.
        static const QHash<int, QString> codes {{400, QStringLiteral("VALIDATION_ERROR")},
            {403, QStringLiteral("INCORRECT_PASSWORD")}, {415, QStringLiteral("UNSUPPORTED_MEDIA_TYPE")},
            {429, QStringLiteral("RATE_LIMITED")}, {503, QStringLiteral("NOT_CONFIGURED")}};
        body.insert(QStringLiteral("error"),
            QJsonObject {{QStringLiteral("code"), codes.value(status, QStringLiteral("VERIFICATION_ERROR"))},
                {QStringLiteral("message"), message},
                {QStringLiteral("timestamp"),
                    QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))}});
    }
    return http::HttpResponse::json(body, status);
}

} // namespace

void addBulkPasswordRoutes(http::Router &router, const ServerContext &context)
{
    auto attempts = std::make_shared<security::AttemptWindow>(kAttemptsPerMinute, std::chrono::seconds(60));
    auto addresses = std::make_shared<const security::ClientAddressResolver>(context.config.trustedProxies);
    auto password = std::make_shared<const security::BulkPassword>(context.config.bulkAnalysisPasswordHash);

    router.add(
        "POST", QStringLiteral("/api/auth/verify-bulk-password"),
        [attempts, addresses, password](const http::HttpRequest &request) {
            // Every attempt counts, well-formed or not, before any work is done.
            const QString client = addresses->resolve(
                request.peerAddress, QString::fromLatin1(request.header("X-Forwarded-For")));
            if (const int wait = attempts->tryAttempt(client); wait > 0) {
                http::HttpResponse refused = answer(
                    429, false, QStringLiteral("Too many password attempts; try again in %1 s").arg(wait));
                refused.setHeader("Retry-After", QByteArray::number(wait));
                return refused;
            }
            QJsonObject body;
            try {
                body = bodyObject(request);
            } catch (const http::ApiError &error) {
                return answer(error.status(), false, error.message());
            }
            const QJsonValue candidate = body.value(QStringLiteral("password"));
            if (!candidate.isString() || candidate.toString().isEmpty())
                return answer(400, false, QStringLiteral("Password is required"));
            switch (password->verify(candidate.toString())) {
            case security::BulkPassword::Outcome::Authorized:
                return answer(200, true, QStringLiteral("Password verified"));
            case security::BulkPassword::Outcome::Rejected:
                return answer(403, false, QStringLiteral("Incorrect password"));
            case security::BulkPassword::Outcome::NotConfigured:
                return answer(503, false, QStringLiteral("Bulk analysis password not configured on server"));
            case security::BulkPassword::Outcome::Misconfigured:
                break;
            }
            return answer(503, false, QStringLiteral("Bulk analysis password is misconfigured on server"));
        },
        http::Access::open());
}

} // namespace thetool::server
