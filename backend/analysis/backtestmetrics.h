#pragma once

#include <optional>
#include <string>
#include <vector>

namespace thetool::analysis {

// One simulated trade (spec §9.5), values rounded as reported.
struct BacktestTrade {
    bool win = false;
    double exitPrice = 0; // 2 decimals
    std::string exitDate;
    double pnlPct = 0; // 2 decimals; the metrics sum these rounded values, as the original
    int barsHeld = 0;
    std::string reason;
    std::string entryDate;
    double entryPrice = 0; // 2 decimals
    double target = 0; // 2 decimals
    double stopLoss = 0; // 2 decimals
    double confidence = 0; // 1 decimal, at most 100
    double rsi = 0; // 1 decimal
    double volumeRatio = 0; // 2 decimals
    bool inUptrend = false;
};

// The metrics of spec §9.5, each rounded to 2 decimals.
struct BacktestMetrics {
    int totalSignals = 0;
    int winningTrades = 0;
    int losingTrades = 0;
    double winRate = 0;
    double profitFactor = 0;
    double totalProfitPct = 0;
    double avgWin = 0;
    double avgLoss = 0;
    std::optional<double> expectancy; // absent with zero trades
    double maxDrawdown = 0;
    int consecutiveWins = 0;
    double tradesPerDay = 0;
};

// Profit factor when there are wins but no losses.
constexpr double kProfitFactorNoLosses = 999.99;
// [BUG KEEP, spec bug 23] trades_per_day divides by 90 whatever the period.
constexpr double kTradesPerDayDivisor = 90.0;

BacktestMetrics computeBacktestMetrics(const std::vector<BacktestTrade> &trades);

} // namespace thetool::analysis
