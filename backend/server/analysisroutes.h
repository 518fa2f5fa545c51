#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// POST /api/analysis/analyze (analyze scope; 201, or 200 for a duplicate), GET
// /api/analysis/status/{job_id} (read), POST /api/analysis/cancel/{job_id} (analyze), with
// the original's fields and error shapes (spec §2.2) and its FIXes.
void addAnalysisRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
