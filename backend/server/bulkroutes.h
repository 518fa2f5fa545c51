#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// Bulk analysis of the NSE universe (spec §2.3): POST /api/stocks/analyze-all-stocks
// (analyze scope; a bulk_analysis job), GET /api/stocks/all-stocks/progress and GET
// /api/stocks/all-stocks/results (read).
void addBulkRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
