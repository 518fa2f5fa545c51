#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "backend/analysis/standardindicators.h"
#include "backend/analysis/standardslidingrange.h"
#include "backend/analysis/standardsupport.h"

// Indicators that place the close inside a window's range: stochastic, Williams %R and CCI.
namespace thetool::analysis::standard {

using detail::nanSeries;
using detail::outputSeries;

namespace {

bool validHlc(
    std::span<const double> high, std::span<const double> low, std::span<const double> close, int period)
{
    return period >= 2 && high.size() == close.size() && low.size() == close.size()
        && close.size() >= static_cast<std::size_t>(period);
}

} // namespace

StochSeries stoch(std::span<const double> high, std::span<const double> low, std::span<const double> close,
    int fastKPeriod, int slowKPeriod, int slowDPeriod)
{
    const std::size_t n = close.size();
    if (!validHlc(high, low, close, fastKPeriod) || slowKPeriod < 1 || slowDPeriod < 1)
        return {nanSeries(n), nanSeries(n)};
    const auto fastK = static_cast<std::size_t>(fastKPeriod);
    const auto slowK = static_cast<std::size_t>(slowKPeriod);
    const auto slowD = static_cast<std::size_t>(slowDPeriod);
    const std::size_t begin = (fastK - 1) + (slowK - 1) + (slowD - 1);
    if (n <= begin)
        return {nanSeries(n), nanSeries(n)};
    // No temporaries: fast %K is built in `d`, smoothed into `k`, which is smoothed back into `d`.
    StochSeries out {std::vector<double>(n), std::vector<double>(n)};
    double *fast = out.d.data();
    // Fast %K = 100 * (close - lowest low) / (highest high - lowest low), 0 for a window without range.
    detail::SlidingRange range(high, low, fastK);
    double hh = 0.0;
    double ll = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        range.next(i, hh, ll);
        if (i + 1 < fastK)
            continue;
        const double diff = (hh - ll) / 100.0;
        fast[i] = diff != 0.0 ? (close[i] - ll) / diff : 0.0;
    }
    detail::runningSma(fast, out.k.data(), fastK - 1, n, slowK);
    detail::runningSma(out.k.data(), out.d.data(), fastK + slowK - 2, n, slowD);
    const auto first = static_cast<std::ptrdiff_t>(begin);
    std::fill(out.k.begin(), out.k.begin() + first, std::numeric_limits<double>::quiet_NaN());
    std::fill(out.d.begin(), out.d.begin() + first, std::numeric_limits<double>::quiet_NaN());
    return out;
}

Series willr(
    std::span<const double> high, std::span<const double> low, std::span<const double> close, int period)
{
    const std::size_t n = close.size();
    if (!validHlc(high, low, close, period))
        return nanSeries(n);
    const auto p = static_cast<std::size_t>(period);
    auto out = outputSeries(n, p - 1);
    detail::SlidingRange range(high, low, p);
    double hh = 0.0;
    double ll = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        range.next(i, hh, ll);
        if (i + 1 < p)
            continue;
        const double diff = (hh - ll) / (-100.0);
        out[i] = diff != 0.0 ? (hh - close[i]) / diff : 0.0;
    }
    return out;
}

Series cci(
    std::span<const double> high, std::span<const double> low, std::span<const double> close, int period)
{
    const std::size_t n = close.size();
    if (!validHlc(high, low, close, period))
        return nanSeries(n);
    const auto p = static_cast<std::size_t>(period);
    auto out = outputSeries(n, p - 1);
    const auto divisor = static_cast<double>(period);
    // The mean deviation has no running form, so each window is summed afresh (O(n * period)).
    // The window is a ring indexed by bar % period and summed from slot 0, TA-Lib's order: in a flat
    // window the mean then differs from the last typical price by the same rounding as TA-Lib's,
    // so the degenerate values agree too.
    std::vector<double> window(p);
    std::size_t slot = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double typical = (high[i] + low[i] + close[i]) / 3;
        window[slot] = typical;
        slot = slot + 1 == p ? 0 : slot + 1;
        if (i + 1 < p)
            continue;
        double mean = 0.0;
        for (const double v : window)
            mean += v;
        mean /= divisor;
        double deviation = 0.0;
        for (const double v : window)
            deviation += std::fabs(v - mean);
        const double distance = typical - mean;
        out[i] = distance != 0.0 && deviation != 0.0 ? distance / (0.015 * (deviation / divisor)) : 0.0;
    }
    return out;
}

} // namespace thetool::analysis::standard
