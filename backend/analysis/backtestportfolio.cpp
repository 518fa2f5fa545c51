#include "backend/analysis/backtestportfolio.h"

namespace thetool::analysis {

namespace {

bool validDays(int days)
{
    return days >= kBacktestMinDays && days <= kBacktestMaxDays;
}

} // namespace

PortfolioResult backtestPortfolio(
    const std::vector<TickerBars> &tickers, int days, int strategyId, const std::string &dataSource)
{
    PortfolioResult p;
    p.days = days;
    p.config = findBacktestConfig(strategyId);
    if (tickers.empty())
        p.error = "No tickers provided";
    else if (tickers.size() > kPortfolioMaxTickers)
        p.error = "Maximum " + std::to_string(kPortfolioMaxTickers) + " tickers per portfolio backtest (got "
            + std::to_string(tickers.size()) + ")";
    else if (!validDays(days))
        p.error = backtestDaysError();
    else if (!p.config)
        p.error = backtestStrategyError(strategyId);
    if (!p.ok())
        return p;
    p.results.reserve(tickers.size());
    for (const TickerBars &t : tickers)
        p.results.emplace_back(t.ticker, runBacktest(t.bars, {t.ticker, strategyId, days, dataSource}));
    return p;
}

StrategyComparison compareStrategies(const std::string &ticker, const Bars &bars, int days,
    const std::vector<int> &strategyIds, const std::string &dataSource)
{
    StrategyComparison c;
    c.ticker = ticker;
    c.days = days;
    if (ticker.empty())
        c.error = "ticker is required";
    else if (strategyIds.empty())
        c.error = "strategies must be a non-empty list";
    else if (!validDays(days))
        c.error = backtestDaysError();
    if (!c.ok())
        return c;
    c.results.reserve(strategyIds.size());
    for (int id : strategyIds)
        c.results.emplace_back(id, runBacktest(bars, {ticker, id, days, dataSource}));
    return c;
}

} // namespace thetool::analysis
