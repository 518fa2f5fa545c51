#pragma once

#include <optional>
#include <string>

#include "backend/analysis/analysisconfig.h"

namespace thetool::analysis {

// Entry, stop, target and position size of spec §8.8, unrounded.
struct TradeLevels {
    double entry = 0.0;
    double stop = 0.0;
    double target = 0.0;
    double riskReward = 0.0;
    std::string signal = "HOLD";
    long long positionSize = 0;
    bool riskValid = false;
    std::string riskMessage;
};

// `config` is the merged configuration (withStrategyDefaults); `atr` the last bar's
// SMA14 true range (NaN when unknown); `close` the last close, which is always the entry.
TradeLevels computeTradeLevels(double close, double atr, const std::string &verdict, double score,
    const AnalysisConfig &config, std::optional<double> capital);

// Spec §8.9 for a BUY: a stop at or above entry, a target at or below entry or a reward
// under 1.5 × risk are corrected. Unlike the original, the R:R is recomputed (bug fix).
void applyBuyPostFix(TradeLevels &levels, double close);

} // namespace thetool::analysis
