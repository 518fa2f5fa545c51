#pragma once

#include <span>
#include <vector>

namespace thetool::analysis {

// Simple moving average over `period` values as a full series: NaN for the first
// period-1 bars (the warm-up), then the mean, in one pass with a running sum.
// A NaN input poisons only the windows that contain it.
std::vector<double> simpleMovingAverage(std::span<const double> values, int period);

} // namespace thetool::analysis
