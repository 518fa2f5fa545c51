#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// Stored analysis results (spec §2.2), read scope:
// GET /api/analysis/history/{ticker} (≤ 50 rows, newest first),
// GET /api/analysis/report/{ticker} (the newest row), and
// GET /api/analysis/report/{ticker}/download (XLSX, or CSV with ?format=csv).
// Tickers match case-insensitively; an unknown ticker's report is 404 REPORT_NOT_FOUND.
void addReportRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
