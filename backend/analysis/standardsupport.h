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

// Highest high and lowest low of the `period` bars ending at each bar, in O(n) with three
// branch-free comparisons a bar (van Herk / Gil-Werman): bars are cut into blocks of `period`;
// a window spans the tail of one block and the head of the next, so its extreme is the larger of
// a suffix extreme (precomputed backwards) and a prefix extreme (kept while walking forwards).
class SlidingRange
{
public:
    SlidingRange(std::span<const double> high, std::span<const double> low, std::size_t period)
        : m_high(high)
        , m_low(low)
        , m_period(period)
        , m_suffix(2 * high.size())
    {
        const std::size_t n = high.size();
        double *sufHigh = m_suffix.data();
        double *sufLow = sufHigh + n;
        double hi = 0.0;
        double lo = 0.0;
        std::size_t inBlock = n == 0 ? 0 : (n - 1) % period; // position of bar i in its block
        for (std::size_t i = n; i-- > 0;) {
            if (i == n - 1 || inBlock == period - 1) {
                hi = high[i];
                lo = low[i];
            } else {
                hi = std::max(hi, high[i]);
                lo = std::min(lo, low[i]);
            }
            sufHigh[i] = hi;
            sufLow[i] = lo;
            inBlock = inBlock == 0 ? period - 1 : inBlock - 1;
        }
    }

    // Call for i = 0, 1, 2, ... in order; meaningful once i + 1 >= period.
    void next(std::size_t i, double &highest, double &lowest)
    {
        if (m_inBlock == 0) {
            m_prefixHigh = m_high[i];
            m_prefixLow = m_low[i];
        } else {
            m_prefixHigh = std::max(m_prefixHigh, m_high[i]);
            m_prefixLow = std::min(m_prefixLow, m_low[i]);
        }
        if (++m_inBlock == m_period)
            m_inBlock = 0;
        const std::size_t first = i + 1 >= m_period ? i + 1 - m_period : 0;
        const std::size_t n = m_high.size();
        highest = std::max(m_suffix[first], m_prefixHigh);
        lowest = std::min(m_suffix[n + first], m_prefixLow);
    }

private:
    std::span<const double> m_high;
    std::span<const double> m_low;
    std::size_t m_period;
    std::vector<double> m_suffix; // suffix highs, then suffix lows
    std::size_t m_inBlock = 0;
    double m_prefixHigh = 0.0;
    double m_prefixLow = 0.0;
};

} // namespace thetool::analysis::standard::detail
