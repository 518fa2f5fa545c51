#pragma once

#include "backend/jobs/kindrunner.h"

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// /api/backtest (spec §2.7, algorithm §9), synchronous as the original: the strategies'
// backtest settings, one ticker (GET /ticker/{ticker}?days=&strategy_id=), a portfolio
// (POST /portfolio, at most 50 tickers, run in order) and one ticker under several
// strategies (POST /compare-strategies). Bars come from the price store, refreshed from the
// provider when stale, over (days + 50) calendar days. Errors keep the original's
// {"error": "..."} shape.
// With "async": true the two POST routes validate the request, queue a `backtest` job and
// answer 202 with its id; GET /api/jobs/{id} then holds the same document under "result".
void addBacktestRoutes(http::Router &router, const ServerContext &context);

// Runs a queued backtest job (registered with the JobService for kind "backtest").
jobs::KindRunner backtestJobRunner(const ServerContext &context);

} // namespace thetool::server
