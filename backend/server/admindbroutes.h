#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// Database administration (admin scope; each call leaves an admin_audit row):
// GET /api/admin/db/status, GET /api/admin/db/tables, POST /api/admin/db/backup,
// POST /api/admin/db/restore (SQLite, its own body limit), POST /api/admin/db/vacuum,
// GET /api/admin/audit (keyset pages).
void addAdminDbRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
