#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace thetool::analysis {

using WeightList = std::vector<std::pair<std::string, double>>; // ordered key -> weight

// Risk profile keys of a strategy (spec §8.7); optional ones exist only for some strategies.
struct RiskProfile {
    double defaultStopLossPct = 3.0;
    double defaultTargetMultiplier = 2.0;
    double maxPositionSizePct = 20.0;
    std::optional<double> minRewardPct;
    std::optional<double> maxStopLossPct;
    std::optional<bool> useDynamicStopLoss;
    std::optional<double> atrMultiplier;
    std::optional<bool> useWiderStopForVolatility;
    std::optional<int> maxHoldingBars;
    std::optional<bool> requireVolumeFilter;
};

// One of the five analysis strategies (spec §8.7).
struct Strategy {
    int id = 1;
    std::string name;
    std::string description;
    WeightList indicatorWeights; // keys rsi, macd, adx, psar, ema, stochastic, cci, williams, atr, bollinger,
                                 // obv, cmf
    WeightList categoryWeights; // keys trend, momentum, volatility, volume
    RiskProfile risk;
    int cooldownBars = 2;
    std::string indicatorParamsJson; // reported by the API, never applied (spec §8.1 step 5)

    // Stop and target percentages the strategy implies (spec §8.1 step 2).
    double stopLossPct() const { return risk.defaultStopLossPct; }
    double targetPct() const
    {
        return risk.minRewardPct ? *risk.minRewardPct
                                 : risk.defaultStopLossPct * risk.defaultTargetMultiplier;
    }
};

// Strategies 1..5 in id order.
const std::vector<Strategy> &strategies();
// The strategy with this id, or nullptr.
const Strategy *findStrategy(int id);
// The strategy analysis uses for `id`: unknown ids fall back to Strategy 1 (spec §8.1).
const Strategy &strategyOrDefault(int id);
// Markdown help for a strategy: description, weights, risk profile.
std::string strategyHelpMarkdown(const Strategy &strategy);

double weightOf(const WeightList &weights, const std::string &key, double fallback);

} // namespace thetool::analysis
