#pragma once

#include <string>

// Rounding and formatting as the original's Python does it, so displayed numbers and
// messages agree to the last digit.
namespace thetool::analysis {

// Python's round(x, digits): the correctly rounded decimal of the exact binary value.
double pyRound(double x, int digits);

// round(x, digits) on a numpy float64 (numpy.around): x·10^digits rounded half to even, then
// divided back. Differs from pyRound on ties of the scaled value (1245.825 → 1245.82, 508.195 → 508.2).
double numpyRound(double x, int digits);

// Python's f"{x:.{digits}f}".
std::string formatFixed(double x, int digits);

} // namespace thetool::analysis
