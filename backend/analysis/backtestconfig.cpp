#include "backend/analysis/backtestconfig.h"

namespace thetool::analysis {

namespace {

std::vector<BacktestConfig> makeConfigs()
{
    std::vector<BacktestConfig> all(5);
    BacktestConfig &s1 = all[0];
    s1.id = 1;
    s1.name = "Balanced Analysis";
    s1.description = "Equal weight to all 12 indicators - good for general market scanning";
    s1.targetPct = 4.0;
    s1.stopLossPct = 2.0;
    s1.maxStopLossPct = 3.0;
    s1.maxBars = 20;
    s1.rsiMin = 30;
    s1.rsiMax = 70;
    s1.adxThreshold = 20;
    s1.atrMultiplier = 1.5;
    s1.cooldownBars = 2;

    BacktestConfig &s2 = all[1];
    s2.id = 2;
    s2.name = "Trend Following";
    s2.description = "Emphasizes trend indicators - best for trending markets";
    s2.targetPct = 6.0;
    s2.stopLossPct = 2.5;
    s2.maxStopLossPct = 4.0;
    s2.maxBars = 25;
    s2.rsiMin = 40;
    s2.rsiMax = 80;
    s2.adxThreshold = 25;
    s2.atrMultiplier = 2.0;
    s2.cooldownBars = 3;

    BacktestConfig &s3 = all[2];
    s3.id = 3;
    s3.name = "Mean Reversion";
    s3.description = "Emphasizes oscillators - best for range-bound markets";
    s3.targetPct = 2.5;
    s3.stopLossPct = 1.5;
    s3.maxStopLossPct = 2.5;
    s3.maxBars = 10;
    s3.rsiMin = 20;
    s3.rsiMax = 40;
    s3.adxThreshold = 15;
    s3.adxMax = 25;
    s3.atrMultiplier = 1.0;
    s3.useTrendFilter = false;
    s3.cooldownBars = 2;
    s3.minConditions = 1;

    BacktestConfig &s4 = all[3];
    s4.id = 4;
    s4.name = "Momentum Breakout";
    s4.description = "Volume-confirmed momentum - best for breakouts";
    s4.targetPct = 5.0;
    s4.stopLossPct = 3.0;
    s4.maxStopLossPct = 4.0;
    s4.maxBars = 12;
    s4.rsiMin = 50;
    s4.rsiMax = 85;
    s4.adxThreshold = 20;
    s4.atrMultiplier = 1.8;
    s4.trendFilterSma20Only = true;
    s4.cooldownBars = 2;
    s4.minVolumeRatio = 1.2;

    BacktestConfig &s5 = all[4];
    s5.id = 5;
    s5.name = "Weekly 4% Target";
    s5.description = "Optimized swing trading - 4% target, smart stop, 15-bar holding";
    s5.targetPct = 4.0;
    s5.stopLossPct = 3.0;
    s5.maxStopLossPct = 4.0;
    s5.maxBars = 15;
    s5.rsiMin = 50;
    s5.rsiMax = 75;
    s5.adxThreshold = 20;
    s5.atrMultiplier = 1.5;
    s5.cooldownBars = 3;
    s5.strategy5Validation = true;
    return all;
}

} // namespace

const std::vector<BacktestConfig> &backtestConfigs()
{
    static const std::vector<BacktestConfig> all = makeConfigs();
    return all;
}

const BacktestConfig *findBacktestConfig(int id)
{
    if (id < 1 || id > static_cast<int>(backtestConfigs().size()))
        return nullptr;
    return &backtestConfigs()[static_cast<std::size_t>(id - 1)];
}

} // namespace thetool::analysis
