#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace thetool::analysis::standard::detail {

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
