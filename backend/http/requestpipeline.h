#pragma once

#include <functional>

#include "backend/http/authenticator.h"
#include "backend/http/corspolicy.h"
#include "backend/http/httprequest.h"
#include "backend/http/httpresponse.h"
#include "backend/http/ratelimiter.h"
#include "backend/http/router.h"

#include <chrono>
#include <memory>
#include <optional>

namespace thetool::http {

// One access-log line: never the query string or a key.
struct AccessLogEntry {
    QByteArray method;
    QString route; // the matched pattern, "-" when none matched
    int status = 0;
    double durationMs = 0;
    qint64 bytes = 0;
    QString requestId;
    QString peerAddress;
    QString principal;
};

// The middleware of DESIGN.md in order, without any transport: request id, access
// log, CORS preflight, auth, rate limit, handler, JSON error mapping. The session calls
// begin() on the I/O thread, handle() on a handler thread and finish() for every
// response it writes.
class RequestPipeline
{
public:
    // Null members get the documented permissive defaults (NoCorsPolicy,
    // AllowAllAuthenticator, UnlimitedRateLimiter) until the real policies exist.
    struct Policies {
        std::shared_ptr<const CorsPolicy> cors;
        std::shared_ptr<const Authenticator> auth;
        std::shared_ptr<const RateLimiter> rateLimiter;
        // Runs auth, rate limit and handler inside it on the handler thread, so the
        // server can scope per-request state (the log context) around them.
        std::function<HttpResponse(const HttpRequest &, const std::function<HttpResponse()> &)> around;
        // Receives one entry per response; default: a line on the thetool.http category.
        std::function<void(const AccessLogEntry &)> accessLog;
    };

    RequestPipeline(Router router, Policies policies);

    // I/O thread, once the header is parsed (must not block): assigns the request id,
    // answers a CORS preflight, routes. Returns the response to send without a handler
    // (preflight, 404, 405); otherwise sets *route, request.pathParams and routePattern.
    std::optional<HttpResponse> begin(HttpRequest &request, const Route **route) const;
    // Handler thread: auth (unless public), rate limit, handler; never throws.
    HttpResponse handle(HttpRequest &request, const Route &route) const;
    // Every response, whoever produced it: error envelope, security headers, the
    // request id, CORS headers, then the access-log line (never the query or a key).
    void finish(const HttpRequest &request, HttpResponse &response,
        std::chrono::steady_clock::time_point started) const;

private:
    Router m_router;
    Policies m_policies;
};

} // namespace thetool::http
