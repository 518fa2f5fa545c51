#include "backend/analysis/analysisconfig.h"

namespace thetool::analysis {

AnalysisConfig withStrategyDefaults(AnalysisConfig config, const Strategy &strategy)
{
    const RiskProfile &risk = strategy.risk;
    if (!config.stopLossPct)
        config.stopLossPct = strategy.stopLossPct();
    if (!config.targetPct)
        config.targetPct = strategy.targetPct();
    if (!config.useDynamicStop)
        config.useDynamicStop = risk.useDynamicStopLoss.value_or(false);
    if (!config.atrMultiplier)
        config.atrMultiplier = risk.atrMultiplier.value_or(2.0);
    if (!config.maxPositionSizePct)
        config.maxPositionSizePct = risk.maxPositionSizePct;
    if (!config.maxStopLossPct)
        config.maxStopLossPct = risk.maxStopLossPct.value_or(4.0);
    if (!config.atrStopMultiplier)
        config.atrStopMultiplier = 1.5;
    if (!config.useWiderStopForVolatility)
        config.useWiderStopForVolatility = risk.useWiderStopForVolatility.value_or(false);
    return config;
}

std::vector<IndicatorId> selectedIndicators(const AnalysisConfig &config)
{
    std::vector<IndicatorId> ids;
    if (config.enabledIndicators) {
        for (const auto &[key, enabled] : *config.enabledIndicators) {
            const IndicatorInfo *info = enabled ? indicatorByConfigKey(key) : nullptr;
            if (info)
                ids.push_back(info->id);
        }
    }
    if (ids.empty()) {
        for (const auto &info : indicatorCatalog())
            ids.push_back(info.id);
    }
    return ids;
}

const WeightList &effectiveCategoryWeights(const AnalysisConfig &config, const Strategy &strategy)
{
    return config.categoryWeights && !config.categoryWeights->empty() ? *config.categoryWeights
                                                                      : strategy.categoryWeights;
}

const WeightList &effectiveIndicatorWeights(const AnalysisConfig &config, const Strategy &strategy)
{
    return config.indicatorWeights && !config.indicatorWeights->empty() ? *config.indicatorWeights
                                                                        : strategy.indicatorWeights;
}

} // namespace thetool::analysis
