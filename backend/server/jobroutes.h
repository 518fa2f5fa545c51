#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// Job browsing for operators and the console (DESIGN.md "API"): GET /api/jobs (filters,
// keyset pages, per-state counts), GET /api/jobs/{id}, GET /api/jobs/{id}/logs?after=,
// POST /api/jobs/{id}/cancel, POST /api/jobs/{id}/retry, GET /api/workers.
void addJobRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
