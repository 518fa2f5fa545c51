#include "backend/analysis/rolling.h"

#include <cmath>
#include <cstddef>
#include <limits>

namespace thetool::analysis {

std::vector<double> simpleMovingAverage(std::span<const double> values, int period)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> out(values.size(), nan);
    if (period <= 0)
        return out;
    const auto window = static_cast<std::size_t>(period);
    double sum = 0.0;
    std::size_t nanCount = 0; // NaNs inside the window; a running sum cannot hold them
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i]))
            ++nanCount;
        else
            sum += values[i];
        if (i >= window) {
            if (std::isnan(values[i - window]))
                --nanCount;
            else
                sum -= values[i - window];
        }
        if (i + 1 >= window && nanCount == 0)
            out[i] = sum / static_cast<double>(window);
    }
    return out;
}

} // namespace thetool::analysis
