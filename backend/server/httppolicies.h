#pragma once

#include <QSet>
#include <QString>

#include <memory>

#include "backend/http/authenticator.h"
#include "backend/http/corspolicy.h"
#include "backend/http/ratelimiter.h"
#include "backend/security/authenticator.h"
#include "backend/security/clientaddress.h"
#include "backend/security/corspolicy.h"
#include "backend/security/ratelimiter.h"

namespace thetool::server {

// The configured policies, plugged into the HTTP pipeline's hooks.

// API keys from `Authorization: Bearer` or `X-API-Key`; `?api_key=` only on the routes
// given (the SSE stream: EventSource cannot send headers). Failed attempts draw from the
// client's own bucket, so guessing keys is rate-limited like everything else.
class ApiKeyAuth final : public http::Authenticator
{
public:
    ApiKeyAuth(std::shared_ptr<security::Authenticator> keys, std::shared_ptr<security::RateLimiter> limiter,
        std::shared_ptr<const security::ClientAddressResolver> addresses, QSet<QString> queryKeyRoutes,
        int failuresPerMinute = 30);
    std::optional<http::ApiError> authenticate(
        http::HttpRequest &request, const http::Route &route) const override;

private:
    std::shared_ptr<security::Authenticator> m_keys;
    std::shared_ptr<security::RateLimiter> m_limiter;
    std::shared_ptr<const security::ClientAddressResolver> m_addresses;
    QSet<QString> m_queryKeyRoutes;
    int m_failuresPerMinute;
};

// RATE_LIMIT_PER_MINUTE for every request, plus ANALYZE_RATE_LIMIT for the routes that
// create jobs; buckets per key, else per client address.
class RequestRateLimit final : public http::RateLimiter
{
public:
    struct Limits {
        bool enabled = true;
        int perMinute = 600;
        int jobCreationPerMinute = 30;
        QSet<QString> jobCreationRoutes; // "POST /api/analysis/analyze"
    };
    RequestRateLimit(std::shared_ptr<security::RateLimiter> limiter,
        std::shared_ptr<const security::ClientAddressResolver> addresses, Limits limits);
    std::optional<http::ApiError> check(
        const http::HttpRequest &request, const http::Route &route) const override;

private:
    std::shared_ptr<security::RateLimiter> m_limiter;
    std::shared_ptr<const security::ClientAddressResolver> m_addresses;
    Limits m_limits;
};

// CORS_ORIGINS as an enforced allow-list; OPTIONS is answered before auth and routing.
class AllowListCors final : public http::CorsPolicy
{
public:
    explicit AllowListCors(security::CorsPolicy policy);
    std::optional<http::HttpResponse> preflight(const http::HttpRequest &request) const override;
    void decorate(const http::HttpRequest &request, http::HttpResponse &response) const override;

private:
    security::CorsPolicy m_policy;
};

// The client a request counts against: its key, else its (proxy-resolved) address.
QString rateLimitIdentity(const http::HttpRequest &request, const security::ClientAddressResolver &addresses);

// "Too many requests" with Retry-After, in the envelope of spec §7.1.
http::ApiError rateLimited(int perMinute, int retryAfterSeconds);

} // namespace thetool::server
