#include "backend/analysis/pyformat.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace thetool::analysis {

double pyRound(double x, int digits)
{
    if (!std::isfinite(x))
        return x;
    // printf rounds the exact binary value correctly (glibc), exactly like Python's round().
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, x);
    return std::strtod(buffer, nullptr);
}

double numpyRound(double x, int digits)
{
    if (!std::isfinite(x))
        return x;
    const double scale = std::pow(10.0, digits);
    return std::nearbyint(x * scale) / scale; // default rounding mode: half to even, as rint
}

std::string formatFixed(double x, int digits)
{
    if (std::isnan(x))
        return "nan";
    if (std::isinf(x))
        return x > 0 ? "inf" : "-inf";
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, x);
    return buffer;
}

} // namespace thetool::analysis
