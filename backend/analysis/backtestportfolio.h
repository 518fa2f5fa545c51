#pragma once

#include <string>
#include <utility>
#include <vector>

#include "backend/analysis/backtest.h"

namespace thetool::analysis {

// The bars of one ticker for a portfolio backtest; empty bars mean the fetch found none.
struct TickerBars {
    std::string ticker;
    Bars bars;
};

constexpr std::size_t kPortfolioMaxTickers = 50;

// POST /api/backtest/portfolio (spec §2.7): one strategy over several tickers, in order.
struct PortfolioResult {
    std::string error; // non-empty: the request was rejected (HTTP 400) and nothing ran
    int days = kBacktestDefaultDays;
    const BacktestConfig *config = nullptr;
    std::vector<std::pair<std::string, BacktestResult>> results; // per ticker, request order

    bool ok() const { return error.empty(); }
};

PortfolioResult backtestPortfolio(
    const std::vector<TickerBars> &tickers, int days, int strategyId, const std::string &dataSource = "csv");

// POST /api/backtest/compare-strategies: several strategies on one ticker's bars.
struct StrategyComparison {
    std::string error; // non-empty: the request was rejected (HTTP 400)
    std::string ticker;
    int days = kBacktestDefaultDays;
    // Per requested id, in request order; an invalid id gives a BadRequest result (no config).
    std::vector<std::pair<int, BacktestResult>> results;

    bool ok() const { return error.empty(); }
};

StrategyComparison compareStrategies(const std::string &ticker, const Bars &bars, int days,
    const std::vector<int> &strategyIds, const std::string &dataSource = "csv");

} // namespace thetool::analysis
