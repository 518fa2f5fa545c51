#pragma once

#include <optional>
#include <string>
#include <vector>

namespace thetool::analysis {

// How a strategy's backtest enters and exits (spec §9.1). These are the backtest's own
// parameters; they differ from the analysis risk profiles of strategy.h (e.g. S2 targets
// 6 % here, 7.5 % there).
struct BacktestConfig {
    int id = 1;
    std::string name; // "Balanced Analysis", ... as the backtest API reports it
    std::string description;
    double targetPct = 4.0;
    double stopLossPct = 2.0;
    double maxStopLossPct = 3.0;
    int maxBars = 20;
    double rsiMin = 30;
    double rsiMax = 70;
    double adxThreshold = 20; // skip bars with ADX below it (all but S3)
    std::optional<double> adxMax; // S3: skip bars with ADX above it instead
    double atrMultiplier = 1.5;
    bool useTrendFilter = true;
    bool trendFilterSma20Only = false; // S4: only close >= SMA20
    int cooldownBars = 2;
    int minConditions = 2;
    std::optional<double> minVolumeRatio; // S4: volume surge required
    bool strategy5Validation = false; // S5: momentum validation of every signal
};

// Strategies 1..5 in id order.
const std::vector<BacktestConfig> &backtestConfigs();
// The configuration for `id`, or nullptr for ids outside 1..5.
const BacktestConfig *findBacktestConfig(int id);

// The accepted range of `days` (spec §2.7).
constexpr int kBacktestMinDays = 30;
constexpr int kBacktestMaxDays = 365;
constexpr int kBacktestDefaultDays = 90;
// Bars before the first one that may signal (the loop of spec §9.4 starts there).
constexpr int kBacktestWarmUpBars = 50;
// A signal needs this many bars after it to be simulated (spec §9.5 step 4).
constexpr int kBacktestMinExitBars = 5;

} // namespace thetool::analysis
