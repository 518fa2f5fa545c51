#pragma once

#include <QJsonObject>

#include "backend/analysis/backtest.h"
#include "backend/analysis/backtestconfig.h"
#include "backend/analysis/backtestportfolio.h"

namespace thetool::report {

// A backtest result as the original's JSON (spec §9.5): the success object, the
// "no signals" object, or the error objects, with the original's field names.
QJsonObject backtestResultToJson(const analysis::BacktestResult &result);

// One entry of GET /api/backtest/strategies: {id, name, description, params}.
QJsonObject backtestStrategyToJson(const analysis::BacktestConfig &config);

// POST /api/backtest/portfolio and /compare-strategies success bodies (spec §2.7).
QJsonObject portfolioResultToJson(const analysis::PortfolioResult &result);
QJsonObject strategyComparisonToJson(const analysis::StrategyComparison &comparison);

} // namespace thetool::report
