#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// GET /api/admin/cache (stats: backend, counters, hit rate, entries, TTL, breaker) and
// DELETE /api/admin/cache (removes every entry; the counters stay). Admin scope; the
// DELETE leaves an admin_audit row.
void addCacheRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
