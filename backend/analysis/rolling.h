#pragma once

#include <span>
#include <vector>

// Rolling-window and recursive averages over whole columns, as full series (one value
// per input, NaN in the warm-up). They follow the arithmetic of pandas 1.5 (compensated
// running sums, the "window of identical values" shortcut, ewm's weight normalisation)
// so the classic profile reproduces the original Python results to the last bits where
// it matters: a flat window must average to exactly its value, not to value ± 1 ulp,
// because votes compare against thresholds such as "loss average == 0".
namespace thetool::analysis {

// Mean of the last `period` values; a window holding NaN gives NaN.
std::vector<double> simpleMovingAverage(std::span<const double> values, int period);

// Up and down moves of a close series, as the original's RSI splits them: bar 0 and
// unchanged bars are 0 in both, so sums over a window match pandas exactly.
struct GainsAndLosses {
    std::vector<double> gain;
    std::vector<double> loss;
};
GainsAndLosses gainsAndLosses(std::span<const double> close);

// Sum of the last `period` values; a window holding NaN gives NaN.
std::vector<double> rollingSum(std::span<const double> values, int period);

// Minimum / maximum of the last `period` values (monotonic deque, O(n)); NaN in the window gives NaN.
std::vector<double> rollingMin(std::span<const double> values, int period);
std::vector<double> rollingMax(std::span<const double> values, int period);

// Sample standard deviation (ddof 1) of the last `period` values (online update, O(n)).
std::vector<double> rollingStdSample(std::span<const double> values, int period);

// Recursive exponential mean with smoothing `alpha`, seeded with the first non-NaN value
// ("adjust=false"). A NaN input repeats the previous mean and lets the old weight decay.
std::vector<double> exponentialMean(std::span<const double> values, double alpha);

// alpha for an EMA of `span` bars (2/(span+1)), computed as pandas does via the centre of mass.
double alphaFromSpan(double span);
// alpha for Wilder's smoothing of `period` bars (1/period), normalised as pandas does.
double alphaFromPeriod(double period);

// Mean of `values` summed as numpy does (pairwise with eight accumulators), so a mean of
// identical values is exact.
double numpyMean(std::span<const double> values);

} // namespace thetool::analysis
