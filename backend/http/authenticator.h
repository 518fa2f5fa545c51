#pragma once

#include "backend/http/apierror.h"
#include "backend/http/httprequest.h"
#include "backend/http/route.h"

#include <optional>

namespace thetool::http {

// Auth hook, called on a handler thread for non-public routes (it may read the
// database). Returns the error to answer (401/403), or nullopt to let the request
// through; may set request.principal (used for rate limiting and logs). Thread-safe.
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    virtual std::optional<ApiError> authenticate(HttpRequest &request, const Route &route) const = 0;
};

// DEFAULT, NOT A POLICY: lets every request through unauthenticated. It exists so the
// HTTP core runs before the auth step lands; `thetool serve` must install the real
// Authenticator (API keys, scopes) and never run with this one.
class AllowAllAuthenticator final : public Authenticator
{
public:
    std::optional<ApiError> authenticate(HttpRequest &, const Route &) const override { return std::nullopt; }
};

} // namespace thetool::http
