#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backend/analysis/indicatorcatalog.h"
#include "backend/analysis/strategy.h"

namespace thetool::analysis {

// The analysis request's configuration (spec §8.1). An empty optional means "absent";
// a JSON null is read as absent too (the §8.1 fix: nulls mean "default").
struct AnalysisConfig {
    std::optional<double> capital;
    std::optional<double> riskPercent; // default 2
    std::optional<double> positionSizeLimit; // default 20 (% of capital)
    std::optional<double> riskRewardRatio; // default 1.5, used when the risk is 0
    std::optional<std::string> dataPeriod; // live fetch only
    std::optional<bool> useDemoData;
    std::optional<WeightList> categoryWeights;
    std::optional<WeightList> indicatorWeights;
    std::optional<std::vector<std::pair<std::string, bool>>> enabledIndicators; // in request order

    // Strategy keys, filled from the strategy when absent (§8.1 step 3).
    std::optional<double> stopLossPct;
    std::optional<double> targetPct;
    std::optional<bool> useDynamicStop;
    std::optional<double> atrMultiplier;
    std::optional<double> maxPositionSizePct; // stored, never used
    std::optional<double> maxStopLossPct;
    std::optional<double> atrStopMultiplier; // stored, never used
    std::optional<bool> useWiderStopForVolatility;
};

// §8.1 step 3: the strategy's keys added where the request has none.
AnalysisConfig withStrategyDefaults(AnalysisConfig config, const Strategy &strategy);

// §8.1 step 5: the indicators to run, in order.
std::vector<IndicatorId> selectedIndicators(const AnalysisConfig &config);

// §8.1 step 4: the request's category weights when it has any, else the strategy's;
// likewise the indicator weights.
const WeightList &effectiveCategoryWeights(const AnalysisConfig &config, const Strategy &strategy);
const WeightList &effectiveIndicatorWeights(const AnalysisConfig &config, const Strategy &strategy);

} // namespace thetool::analysis
