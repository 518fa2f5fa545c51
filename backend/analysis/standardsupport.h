#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

// Helpers shared by the standard-profile indicators (not part of the public API).
namespace thetool::analysis::standard::detail {

inline std::vector<double> nanSeries(std::size_t n)
{
    return std::vector<double>(n, std::numeric_limits<double>::quiet_NaN());
}

// An output series whose first defined bar is `first`: NaN before it, zero (to be overwritten)
// from it. Zero-filling is a memset, several times cheaper than filling the whole series with NaN.
inline std::vector<double> outputSeries(std::size_t n, std::size_t first)
{
    std::vector<double> out(n);
    std::fill_n(out.begin(), std::min(first, n), std::numeric_limits<double>::quiet_NaN());
    return out;
}

// TA-Lib treats |v| < 1e-14 as zero in a few divisions (RSI, DI, ADX); elsewhere it compares
// exactly, and so do we, so degenerate bars give the same 0 as TA-Lib.
inline bool nearZero(double v)
{
    constexpr double epsilon = 1e-14;
    return -epsilon < v && v < epsilon;
}

// Wilder's true range of bar i (i >= 1).
inline double trueRange(double high, double low, double prevClose)
{
    double range = high - low;
    const double up = std::fabs(high - prevClose);
    if (up > range)
        range = up;
    const double down = std::fabs(low - prevClose);
    if (down > range)
        range = down;
    return range;
}

// Simple moving average of in[from..] written to out[from+period-1..], with a running sum whose
// order of operations (add the new value, take the mean, drop the oldest) keeps the last bits equal
// to TA-Lib's, which matters where it decides a flat window's deviation is zero.
inline void runningSma(const double *in, double *out, std::size_t from, std::size_t n, std::size_t period)
{
    if (n < from + period)
        return;
    double total = 0.0;
    std::size_t i = from;
    for (; i + 1 < from + period; ++i)
        total += in[i];
    const auto divisor = static_cast<double>(period);
    for (std::size_t trailing = from; i < n; ++i, ++trailing) {
        total += in[i];
        out[i] = total / divisor;
        total -= in[trailing];
    }
}

} // namespace thetool::analysis::standard::detail
