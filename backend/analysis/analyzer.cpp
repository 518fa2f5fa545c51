#include "backend/analysis/analyzer.h"

#include <cmath>

#include "backend/analysis/aggregation.h"
#include "backend/analysis/datavalidator.h"
#include "backend/analysis/pyformat.h"
#include "backend/analysis/strategy.h"
#include "backend/analysis/tradelevels.h"

namespace thetool::analysis {

AnalysisResult errorResult(const std::string &ticker, const std::string &message)
{
    AnalysisResult r;
    r.ticker = ticker;
    r.success = false;
    r.verdict = "Error";
    r.signal = "HOLD";
    r.dataValid = false;
    r.dataMessage = message;
    r.riskValid = false;
    r.riskMessage = message;
    r.error = message;
    return r;
}

AnalysisResult analyzeBars(const Bars &bars, const AnalysisRequest &request)
{
    const Strategy &strategy = strategyOrDefault(request.strategyId);
    const AnalysisConfig config = withStrategyDefaults(request.config, strategy);
    std::optional<double> capital = request.capital;
    if (config.capital && *config.capital != 0.0)
        capital = config.capital;

    const DataValidation validation = validateBars(bars);
    if (!validation.valid) {
        AnalysisResult r = errorResult(request.ticker, validation.message);
        r.dataWarnings = validation.warnings;
        r.mergedConfig = config;
        return r;
    }

    const IndicatorSeries series = computeIndicators(bars, request.profile);
    AnalysisResult r;
    r.ticker = request.ticker;
    r.profile = request.profile;
    r.mergedConfig = config;
    for (IndicatorId id : selectedIndicators(config))
        r.indicators.push_back(evaluateIndicator(id, bars, series));
    if (r.indicators.empty()) {
        AnalysisResult e = errorResult(request.ticker, "No indicators were computed");
        e.mergedConfig = config;
        return e;
    }

    const Aggregate aggregate = aggregateVotes(r.indicators, effectiveCategoryWeights(config, strategy),
        effectiveIndicatorWeights(config, strategy));
    const double close = bars.close.back();
    TradeLevels levels = computeTradeLevels(close, series.atr.empty() ? NAN : series.atr.back(),
        aggregate.verdict, aggregate.score, config, capital);
    applyBuyPostFix(levels, close);

    r.success = true;
    r.score = pyRound(aggregate.score, 3);
    r.verdict = aggregate.verdict;
    r.signal = levels.signal;
    r.entry = pyRound(levels.entry, 2);
    r.stop = pyRound(levels.stop, 2);
    r.target = pyRound(levels.target, 2);
    r.riskRewardRatio = pyRound(levels.riskReward, 2);
    r.positionSize = levels.positionSize;
    r.dataValid = true;
    r.dataMessage = validation.message;
    r.dataWarnings = validation.warnings;
    r.riskValid = levels.riskValid;
    r.riskMessage = levels.riskMessage;
    r.strategyId = request.strategyId;
    r.strategyName = strategy.name;
    if (strategy.id == 5 && (r.verdict == "Buy" || r.verdict == "Strong Buy"))
        r.validation = validateStrategy5Buy(r.indicators, bars, series);
    return r;
}

} // namespace thetool::analysis
