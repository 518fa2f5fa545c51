#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// /api/stocks (spec §2.3, without the bulk job routes): the NSE universe (/all paginated with
// ?search=, /nse, /nse-stocks), analysed tickers (/all-stocks, /all-stocks/{symbol}/history),
// placeholder rows (POST /initialize-all-stocks, admin), and stored daily bars
// (/{symbol}/bars?period=) for charts.
void addStockRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
