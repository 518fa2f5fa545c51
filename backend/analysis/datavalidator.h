#pragma once

#include <string>
#include <vector>

#include "backend/analysis/bars.h"

namespace thetool::analysis {

// Outcome of the OHLCV checks of spec §8.3.
struct DataValidation {
    bool valid = false;
    std::string message; // "Valid", or why the bars cannot be analysed
    std::vector<std::string> warnings;
};

constexpr std::size_t kMinimumAnalysisRows = 50;

DataValidation validateBars(const Bars &bars);

} // namespace thetool::analysis
