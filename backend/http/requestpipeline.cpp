#include "backend/http/requestpipeline.h"

#include "backend/http/errormapper.h"
#include "backend/http/httplog.h"
#include "backend/http/requestid.h"

namespace thetool::http {

RequestPipeline::RequestPipeline(Router router, Policies policies)
    : m_router(std::move(router))
    , m_policies(std::move(policies))
{
    if (!m_policies.cors)
        m_policies.cors = std::make_shared<NoCorsPolicy>();
    if (!m_policies.auth)
        m_policies.auth = std::make_shared<AllowAllAuthenticator>();
    if (!m_policies.rateLimiter)
        m_policies.rateLimiter = std::make_shared<UnlimitedRateLimiter>();
}

std::optional<HttpResponse> RequestPipeline::begin(HttpRequest &request, const Route **route) const
{
    *route = nullptr;
    request.requestId = RequestId::acceptOrGenerate(request.header("X-Request-ID"));
    if (request.method == "OPTIONS") {
        if (std::optional<HttpResponse> answer = m_policies.cors->preflight(request))
            return answer;
    }
    Router::Match match = m_router.match(request.method, request.path);
    if (!match.route && request.method == "HEAD") {
        // HEAD is GET without the body (the session drops it, keeping Content-Length).
        if (Router::Match get = m_router.match("GET", request.path); get.route)
            match = std::move(get);
    }
    if (!match.route) {
        if (match.allowedMethods.isEmpty())
            return HttpResponse::error(ApiError::notFound(QStringLiteral("No route for this path")));
        return HttpResponse::error(ApiError::methodNotAllowed(match.allowedMethods));
    }
    request.pathParams = std::move(match.params);
    request.routePattern = match.route->pattern;
    *route = match.route;
    return std::nullopt;
}

HttpResponse RequestPipeline::handle(HttpRequest &request, const Route &route) const
{
    const auto run = [&]() -> HttpResponse {
        try {
            if (!route.access.isPublic) {
                if (std::optional<ApiError> denied = m_policies.auth->authenticate(request, route))
                    return HttpResponse::error(std::move(*denied));
            }
            if (std::optional<ApiError> limited = m_policies.rateLimiter->check(request, route))
                return HttpResponse::error(std::move(*limited));
            return route.handler(request);
        } catch (...) {
            return ErrorMapper::fromCurrentException(request.requestId);
        }
    };
    if (!m_policies.around)
        return run();
    try {
        return m_policies.around(request, run);
    } catch (...) {
        return ErrorMapper::fromCurrentException(request.requestId);
    }
}

void RequestPipeline::finish(
    const HttpRequest &request, HttpResponse &response, std::chrono::steady_clock::time_point started) const
{
    ErrorMapper::render(response);
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (!response.hasHeader("Cache-Control"))
        response.setHeader("Cache-Control", "no-store");
    if (!request.requestId.isEmpty())
        response.setHeader("X-Request-ID", request.requestId.toLatin1());
    m_policies.cors->decorate(request, response);

    const auto elapsed =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
    AccessLogEntry entry {request.method.isEmpty() ? QByteArray("-") : request.method,
        request.routePattern.isEmpty() ? QStringLiteral("-") : request.routePattern, response.status,
        elapsed.count(), response.body.size(), request.requestId, request.peerAddress, request.principal};
    if (m_policies.accessLog) {
        m_policies.accessLog(entry);
        return;
    }
    qCInfo(lcHttp).noquote().nospace()
        << QString::fromLatin1(entry.method) << ' ' << entry.route << ' ' << entry.status << ' '
        << QString::number(entry.durationMs, 'f', 1) << "ms " << entry.bytes << "B rid=" << entry.requestId;
}

} // namespace thetool::http
