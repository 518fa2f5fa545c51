#pragma once

#include <string>
#include <vector>

#include "backend/analysis/bars.h"
#include "backend/analysis/indicatorcatalog.h"
#include "backend/analysis/indicatorseries.h"

namespace thetool::analysis {

// One indicator's verdict on the last bar (spec §8.4): display value and confidence
// rounded to 2 decimals, vote -1/0/+1. A failed indicator has value 0, vote 0,
// confidence 0 and the reason in `error`.
struct IndicatorResult {
    IndicatorId id = IndicatorId::Rsi;
    std::string name;
    std::string category;
    double value = 0.0;
    int vote = 0;
    double confidence = 0.0;
    std::string error;

    bool failed() const { return !error.empty(); }
};

// Votes and confidences of spec §8.5 for the last bar of `bars`, read from its series.
IndicatorResult evaluateIndicator(IndicatorId id, const Bars &bars, const IndicatorSeries &series);

} // namespace thetool::analysis
