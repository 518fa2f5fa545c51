#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace thetool::analysis {

// Daily OHLCV bars as columns, oldest first: indicators read whole columns as spans.
struct Bars {
    std::vector<std::string> dates; // ISO "YYYY-MM-DD"
    std::vector<double> open;
    std::vector<double> high;
    std::vector<double> low;
    std::vector<double> close;
    std::vector<double> volume;

    std::size_t size() const { return close.size(); }
    bool empty() const { return close.empty(); }
};

} // namespace thetool::analysis
