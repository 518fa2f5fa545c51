#include "backend/analysis/backtestmetrics.h"

#include <algorithm>
#include <cmath>

#include "backend/analysis/pyformat.h"

namespace thetool::analysis {

namespace {

// round(x, 2) without a negative zero (the original's integer zeros print as 0). Sums of
// the trades' numpy pnl values round as numpy does; ratios of Python ints as Python does.
double npRound2(double x)
{
    const double r = numpyRound(x, 2);
    return r == 0.0 ? 0.0 : r;
}

double pyRound2(double x)
{
    const double r = pyRound(x, 2);
    return r == 0.0 ? 0.0 : r;
}

} // namespace

BacktestMetrics computeBacktestMetrics(const std::vector<BacktestTrade> &trades)
{
    BacktestMetrics m;
    if (trades.empty())
        return m;
    double winSum = 0.0;
    double lossSum = 0.0;
    for (const BacktestTrade &t : trades) {
        if (t.win) {
            ++m.winningTrades;
            winSum += t.pnlPct;
        } else {
            ++m.losingTrades;
            lossSum += std::fabs(t.pnlPct);
        }
    }
    const int total = static_cast<int>(trades.size());
    m.totalSignals = total;
    m.winRate = pyRound2(static_cast<double>(m.winningTrades) / total * 100.0);
    const double net = winSum - lossSum;
    if (lossSum > 0)
        m.profitFactor = npRound2(winSum / lossSum);
    else if (winSum > 0)
        m.profitFactor = kProfitFactorNoLosses;
    m.totalProfitPct = npRound2(net);
    m.avgWin = m.winningTrades > 0 ? npRound2(winSum / m.winningTrades) : 0.0;
    m.avgLoss = m.losingTrades > 0 ? npRound2(-(lossSum / m.losingTrades)) : 0.0;
    m.expectancy = npRound2(net / total);

    // Drawdown of the cumulative pnl % sum; the peak starts at 0.
    double cumulative = 0.0;
    double peak = 0.0;
    double maxDrawdown = 0.0;
    int run = 0;
    for (const BacktestTrade &t : trades) {
        cumulative += t.pnlPct;
        peak = std::max(peak, cumulative);
        maxDrawdown = std::max(maxDrawdown, peak - cumulative);
        run = t.win ? run + 1 : 0;
        m.consecutiveWins = std::max(m.consecutiveWins, run);
    }
    m.maxDrawdown = npRound2(-maxDrawdown);
    m.tradesPerDay = pyRound2(total / kTradesPerDayDivisor);
    return m;
}

} // namespace thetool::analysis
