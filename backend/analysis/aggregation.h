#pragma once

#include <string>
#include <vector>

#include "backend/analysis/indicatorvote.h"
#include "backend/analysis/strategy.h"

namespace thetool::analysis {

// The weighted vote of spec §8.6.
struct Aggregate {
    double score = 0.0; // unrounded, in [-1, 1]
    std::string verdict;
    std::string signal;
};

Aggregate aggregateVotes(const std::vector<IndicatorResult> &results, const WeightList &categoryWeights,
    const WeightList &indicatorWeights);

// Verdict and signal for a score (spec §8.6 table).
std::string verdictForScore(double score);
std::string signalForScore(double score);

} // namespace thetool::analysis
