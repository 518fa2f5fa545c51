#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// POST /api/admin/db/cleanup (admin): {"dry_run": true} lists what would go, per table and
// per job state; without it the cleanup runs. Both write an admin_audit row.
void addCleanupRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
