#pragma once

#include "backend/http/httprequest.h"
#include "backend/http/httpresponse.h"
#include "backend/http/scope.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace thetool::http {

// Runs on a handler-pool thread; may block on the database or Redis. Throw ApiError
// (or return HttpResponse::error) for failures.
using Handler = std::function<HttpResponse(const HttpRequest &)>;

struct Route {
    QByteArray method; // "GET", "POST", ...
    QString pattern; // "/api/analysis/status/{job_id}"
    Handler handler;
    Access access = Access::needs(Scope::Read);
    // Larger (or smaller) body limit than the server default, e.g. for uploads.
    std::optional<quint64> bodyLimit;
};

} // namespace thetool::http
