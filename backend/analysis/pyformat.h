#pragma once

#include <string>

// Rounding and formatting as the original's Python does it, so displayed numbers and
// messages agree to the last digit.
namespace thetool::analysis {

// Python's round(x, digits): the correctly rounded decimal of the exact binary value.
double pyRound(double x, int digits);

// Python's f"{x:.{digits}f}".
std::string formatFixed(double x, int digits);

} // namespace thetool::analysis
