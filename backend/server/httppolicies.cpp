#include "backend/server/httppolicies.h"

#include <QJsonObject>

namespace thetool::server {

namespace {

QString presentedKey(const http::HttpRequest &request)
{
    const QByteArray authorization = request.header("Authorization").trimmed();
    if (authorization.size() > 7 && authorization.left(7).toLower() == "bearer ")
        return QString::fromUtf8(authorization.mid(7).trimmed());
    return QString::fromUtf8(request.header("X-API-Key").trimmed());
}

http::ApiError unauthorized(const QString &code, const QString &message)
{
    return http::ApiError(401, code, message);
}

} // namespace

QString rateLimitIdentity(const http::HttpRequest &request, const security::ClientAddressResolver &addresses)
{
    if (!request.principal.isEmpty())
        return QStringLiteral("key:") + request.principal;
    return QStringLiteral("ip:")
        + addresses.resolve(request.peerAddress, QString::fromLatin1(request.header("X-Forwarded-For")));
}

http::ApiError rateLimited(int perMinute, int retryAfterSeconds)
{
    return http::ApiError(429, QStringLiteral("RATE_LIMITED"),
        QStringLiteral("Too many requests: the limit is %1 per minute; retry in %2 s")
            .arg(perMinute)
            .arg(retryAfterSeconds),
        QJsonObject {{QStringLiteral("limit_per_minute"), perMinute},
            {QStringLiteral("retry_after_seconds"), retryAfterSeconds}})
        .withRetryAfter(retryAfterSeconds);
}

ApiKeyAuth::ApiKeyAuth(std::shared_ptr<security::Authenticator> keys,
    std::shared_ptr<security::RateLimiter> limiter,
    std::shared_ptr<const security::ClientAddressResolver> addresses, QSet<QString> queryKeyRoutes,
    int failuresPerMinute)
    : m_keys(std::move(keys))
    , m_limiter(std::move(limiter))
    , m_addresses(std::move(addresses))
    , m_queryKeyRoutes(std::move(queryKeyRoutes))
    , m_failuresPerMinute(failuresPerMinute)
{ }

std::optional<http::ApiError> ApiKeyAuth::authenticate(
    http::HttpRequest &request, const http::Route &route) const
{
    QString key = presentedKey(request);
    if (key.isEmpty() && request.hasQuery(QStringLiteral("api_key"))) {
        if (!m_queryKeyRoutes.contains(route.pattern))
            return unauthorized(QStringLiteral("API_KEY_IN_QUERY"),
                QStringLiteral("API keys in the query string are accepted only on the event stream; send "
                               "Authorization: Bearer <key> or X-API-Key"));
        key = request.queryValue(QStringLiteral("api_key"));
    }
    const auto principal = key.isEmpty() ? std::nullopt : m_keys->authenticate(key);
    if (!principal) {
        // Every failure costs a token from the client's own bucket: key guessing is slowed
        // down without affecting clients that authenticate.
        if (m_failuresPerMinute > 0) { // 0: RATE_LIMIT_ENABLED=false turns this off too
            const QString client = QStringLiteral("authfail:") + rateLimitIdentity(request, *m_addresses);
            const security::RateDecision decision = m_limiter->take(client, m_failuresPerMinute);
            if (!decision.allowed)
                return rateLimited(m_failuresPerMinute, decision.retryAfterSeconds);
        }
        return key.isEmpty()
            ? unauthorized(QStringLiteral("UNAUTHORIZED"),
                QStringLiteral("An API key is required: send Authorization: Bearer <key> or X-API-Key"))
            : unauthorized(QStringLiteral("INVALID_API_KEY"), QStringLiteral("The API key is not valid"));
    }
    request.principal = principal->keyId;
    if (!security::grants(principal->scope, route.access.scope))
        return http::ApiError(403, QStringLiteral("FORBIDDEN"),
            QStringLiteral("This route needs the '%1' scope; the key has '%2'")
                .arg(security::scopeName(route.access.scope), security::scopeName(principal->scope)));
    return std::nullopt;
}

RequestRateLimit::RequestRateLimit(std::shared_ptr<security::RateLimiter> limiter,
    std::shared_ptr<const security::ClientAddressResolver> addresses, Limits limits)
    : m_limiter(std::move(limiter))
    , m_addresses(std::move(addresses))
    , m_limits(std::move(limits))
{ }

std::optional<http::ApiError> RequestRateLimit::check(
    const http::HttpRequest &request, const http::Route &route) const
{
    if (!m_limits.enabled)
        return std::nullopt;
    const QString identity = rateLimitIdentity(request, *m_addresses);
    const security::RateDecision all = m_limiter->take(QStringLiteral("all:") + identity, m_limits.perMinute);
    if (!all.allowed)
        return rateLimited(m_limits.perMinute, all.retryAfterSeconds);
    const QString routeKey = QString::fromLatin1(route.method) + QLatin1Char(' ') + route.pattern;
    if (m_limits.jobCreationRoutes.contains(routeKey)) {
        const security::RateDecision jobs =
            m_limiter->take(QStringLiteral("jobs:") + identity, m_limits.jobCreationPerMinute);
        if (!jobs.allowed)
            return rateLimited(m_limits.jobCreationPerMinute, jobs.retryAfterSeconds);
    }
    return std::nullopt;
}

AllowListCors::AllowListCors(security::CorsPolicy policy)
    : m_policy(std::move(policy))
{ }

std::optional<http::HttpResponse> AllowListCors::preflight(const http::HttpRequest &request) const
{
    // Every OPTIONS is answered here, allowed origin or not: a refused origin simply
    // gets no Access-Control-Allow-Origin, which is how browsers learn the answer.
    http::HttpResponse response = http::HttpResponse::noContent();
    response.setHeader("Allow", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    for (const auto &[name, value] : m_policy.preflightHeaders(QString::fromUtf8(request.header("Origin"))))
        response.setHeader(name, value);
    return response;
}

void AllowListCors::decorate(const http::HttpRequest &request, http::HttpResponse &response) const
{
    if (response.hasHeader("Access-Control-Allow-Origin"))
        return; // a preflight answer already carries its headers
    for (const auto &[name, value] : m_policy.responseHeaders(QString::fromUtf8(request.header("Origin"))))
        response.setHeader(name, value);
}

} // namespace thetool::server
