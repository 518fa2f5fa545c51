#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backend/analysis/bars.h"
#include "backend/analysis/indicatorseries.h"
#include "backend/analysis/indicatorvote.h"

namespace thetool::analysis {

// Strategy 5's informational checks on a Buy (spec §8.11). They do not change score or verdict.
struct Strategy5Validation {
    int confidenceScore = 100;
    std::string marketRegime; // CHOPPY, WEAK_TREND, TRENDING, UNKNOWN
    std::vector<std::string> warnings;
    bool momentumValid = true;
    std::string momentumReason;
    bool trendValid = true;
    std::string trendReason;
};

// Reads the indicators' display values like the original, but with the real MACD line,
// signal line and histogram from `series` (the original passed no signal line: bug fixed).
Strategy5Validation validateStrategy5Buy(
    const std::vector<IndicatorResult> &indicators, const Bars &bars, const IndicatorSeries &series);

} // namespace thetool::analysis
