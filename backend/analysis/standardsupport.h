#pragma once

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

// Highest and lowest value over a sliding window in O(n) amortised: each deque holds indices of
// candidates in monotonic order; a fixed buffer of n slots is enough since each index enters once.
class MonotonicWindow
{
public:
    MonotonicWindow(std::span<const double> values, std::size_t n, bool keepMax)
        : m_values(values)
        , m_slots(n)
        , m_keepMax(keepMax)
    { }

    // Adds bar i and drops bars before `first`; returns the extreme of [first, i].
    double push(std::size_t i, std::size_t first)
    {
        const double v = m_values[i];
        while (m_tail > m_head && dominated(m_values[m_slots[m_tail - 1]], v))
            --m_tail;
        m_slots[m_tail++] = i;
        while (m_slots[m_head] < first)
            ++m_head;
        return m_values[m_slots[m_head]];
    }

private:
    bool dominated(double old, double v) const { return m_keepMax ? old <= v : old >= v; }

    std::span<const double> m_values;
    std::vector<std::size_t> m_slots;
    std::size_t m_head = 0;
    std::size_t m_tail = 0;
    bool m_keepMax;
};

} // namespace thetool::analysis::standard::detail
