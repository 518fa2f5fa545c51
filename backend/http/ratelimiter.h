#pragma once

#include "backend/http/apierror.h"
#include "backend/http/httprequest.h"
#include "backend/http/route.h"

#include <optional>

namespace thetool::http {

// Rate-limit hook, called on a handler thread after auth (it may call Redis). Returns
// the error to answer (429 with Retry-After), or nullopt. Thread-safe.
class RateLimiter
{
public:
    virtual ~RateLimiter() = default;
    virtual std::optional<ApiError> check(const HttpRequest &request, const Route &route) const = 0;
};

// DEFAULT, NOT A POLICY: no limit at all. Replaced by the configured limiter.
class UnlimitedRateLimiter final : public RateLimiter
{
public:
    std::optional<ApiError> check(const HttpRequest &, const Route &) const override { return std::nullopt; }
};

} // namespace thetool::http
