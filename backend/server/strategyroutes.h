#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// /api/strategies (spec §2.6, values of §8.7): summaries, details, Markdown help (compiled in
// as :/resources/strategies/strategy_N.md; ?format=html renders it) and weights. Errors keep
// the original's {"success": false, "error"} shape.
void addStrategyRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
