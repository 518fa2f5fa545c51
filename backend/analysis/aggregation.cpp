#include "backend/analysis/aggregation.h"

#include <algorithm>

namespace thetool::analysis {

Aggregate aggregateVotes(const std::vector<IndicatorResult> &results, const WeightList &categoryWeights,
    const WeightList &indicatorWeights)
{
    double weightedVotes = 0.0;
    double totalWeight = 0.0;
    for (const IndicatorResult &r : results) {
        const double categoryWeight = weightOf(categoryWeights, r.category, 0.5);
        const double indicatorWeight = weightOf(indicatorWeights, indicatorInfo(r.id).weightKey, 1.0);
        if (indicatorWeight == 0.0)
            continue;
        // A neutral vote with confidence still counts in the total: it dilutes the score.
        const double weight = r.confidence * categoryWeight * indicatorWeight;
        weightedVotes += r.vote * weight;
        totalWeight += weight;
    }
    Aggregate a;
    a.score = totalWeight > 0 ? std::clamp(weightedVotes / totalWeight, -1.0, 1.0) : 0.0;
    a.verdict = verdictForScore(a.score);
    a.signal = signalForScore(a.score);
    return a;
}

std::string verdictForScore(double score)
{
    if (score >= 0.6)
        return "Strong Buy";
    if (score >= 0.2)
        return "Buy";
    if (score <= -0.6)
        return "Strong Sell";
    if (score <= -0.2)
        return "Sell";
    return "Hold";
}

std::string signalForScore(double score)
{
    if (score >= 0.2)
        return "BUY";
    if (score <= -0.2)
        return "SELL";
    return "HOLD";
}

} // namespace thetool::analysis
