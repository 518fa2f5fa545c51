#pragma once

#include "backend/http/httprequest.h"
#include "backend/http/httpresponse.h"

#include <optional>

namespace thetool::http {

// CORS hook, called on the I/O thread (must not block) and from handler threads
// (must be thread-safe). The configuration step provides the CORS_ORIGINS allow-list.
class CorsPolicy
{
public:
    virtual ~CorsPolicy() = default;
    // A preflight answered early (before auth), or nullopt to route the request normally.
    virtual std::optional<HttpResponse> preflight(const HttpRequest &request) const = 0;
    // Adds Access-Control-* headers to an ordinary response.
    virtual void decorate(const HttpRequest &request, HttpResponse &response) const = 0;
};

// DEFAULT, NOT A POLICY: no CORS at all. Preflights are not intercepted (an OPTIONS
// request is routed like any other, usually to 405) and no Access-Control-* header is
// added, so browsers on other origins are refused. Replaced by the configured policy.
class NoCorsPolicy final : public CorsPolicy
{
public:
    std::optional<HttpResponse> preflight(const HttpRequest &) const override { return std::nullopt; }
    void decorate(const HttpRequest &, HttpResponse &) const override { }
};

} // namespace thetool::http
