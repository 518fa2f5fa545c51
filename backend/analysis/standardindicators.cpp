#include "backend/analysis/standardindicators.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

#include "backend/analysis/standardsupport.h"

// Averages and momentum: EMA, MACD, RSI, Bollinger bands, OBV.
namespace thetool::analysis::standard {

using detail::nanSeries;
using detail::outputSeries;

namespace {

// EMA whose first value is at `first`, seeded with the mean of the `period` values ending there;
// writes out[first..n-1]. TA-Lib's smoothing factor is 2/(period+1).
void emaFrom(const double *in, double *out, std::size_t first, std::size_t n, std::size_t period)
{
    double sum = 0.0;
    for (std::size_t i = first + 1 - period; i <= first; ++i)
        sum += in[i];
    double prev = sum / static_cast<double>(period);
    out[first] = prev;
    const double k = 2.0 / static_cast<double>(period + 1);
    for (std::size_t i = first + 1; i < n; ++i) {
        prev = ((in[i] - prev) * k) + prev;
        out[i] = prev;
    }
}

double rsiValue(double gain, double loss)
{
    const double total = gain + loss;
    return detail::nearZero(total) ? 0.0 : 100.0 * (gain / total);
}

} // namespace

Series ema(std::span<const double> values, int period)
{
    if (period < 2 || values.size() < static_cast<std::size_t>(period))
        return nanSeries(values.size());
    const auto p = static_cast<std::size_t>(period);
    auto out = outputSeries(values.size(), p - 1);
    emaFrom(values.data(), out.data(), p - 1, values.size(), p);
    return out;
}

Series rsi(std::span<const double> close, int period)
{
    const std::size_t n = close.size();
    if (period < 2 || n <= static_cast<std::size_t>(period))
        return nanSeries(n);
    const auto p = static_cast<std::size_t>(period);
    auto out = outputSeries(n, p);
    const auto divisor = static_cast<double>(period);
    const auto keep = static_cast<double>(period - 1);
    // Wilder: the first averages are plain means of the first `period` changes ...
    double gain = 0.0;
    double loss = 0.0;
    for (std::size_t i = 1; i <= p; ++i) {
        const double change = close[i] - close[i - 1];
        if (change < 0)
            loss -= change;
        else
            gain += change;
    }
    loss /= divisor;
    gain /= divisor;
    out[p] = rsiValue(gain, loss);
    // ... then each bar keeps (period-1)/period of the average and adds 1/period of its change.
    for (std::size_t i = p + 1; i < n; ++i) {
        const double change = close[i] - close[i - 1];
        loss *= keep;
        gain *= keep;
        if (change < 0)
            loss -= change;
        else
            gain += change;
        loss /= divisor;
        gain /= divisor;
        out[i] = rsiValue(gain, loss);
    }
    return out;
}

MacdSeries macd(std::span<const double> close, int fastPeriod, int slowPeriod, int signalPeriod)
{
    const std::size_t n = close.size();
    if (slowPeriod < fastPeriod)
        std::swap(slowPeriod, fastPeriod);
    const std::size_t lineStart = static_cast<std::size_t>(std::max(slowPeriod, 1)) - 1;
    const std::size_t begin = lineStart + static_cast<std::size_t>(std::max(signalPeriod, 1)) - 1;
    if (fastPeriod < 2 || signalPeriod < 1 || n <= begin)
        return {nanSeries(n), nanSeries(n), nanSeries(n)};
    const auto fast = static_cast<std::size_t>(fastPeriod);
    const auto slow = static_cast<std::size_t>(slowPeriod);
    const auto signal = static_cast<std::size_t>(signalPeriod);
    // No temporaries: the slow EMA is parked in `histogram` and the MACD line is built in `macd`.
    // TA-Lib starts both EMAs at the same bar (slow-1): the fast one is seeded with the mean of
    // the `fast` closes ending there, not of the first `fast` closes.
    MacdSeries out {outputSeries(n, lineStart), outputSeries(n, begin), outputSeries(n, lineStart)};
    emaFrom(close.data(), out.histogram.data(), lineStart, n, slow);
    emaFrom(close.data(), out.macd.data(), lineStart, n, fast);
    for (std::size_t i = lineStart; i < n; ++i)
        out.macd[i] -= out.histogram[i];
    emaFrom(out.macd.data(), out.signal.data(), begin, n, signal);
    for (std::size_t i = begin; i < n; ++i)
        out.histogram[i] = out.macd[i] - out.signal[i];
    // The line before the signal's first bar only seeded it; TA-Lib reports none of it.
    std::fill(out.macd.begin() + static_cast<std::ptrdiff_t>(lineStart),
        out.macd.begin() + static_cast<std::ptrdiff_t>(begin), std::numeric_limits<double>::quiet_NaN());
    std::fill(out.histogram.begin() + static_cast<std::ptrdiff_t>(lineStart),
        out.histogram.begin() + static_cast<std::ptrdiff_t>(begin), std::numeric_limits<double>::quiet_NaN());
    return out;
}

BollingerSeries bbands(std::span<const double> close, int period, double devUp, double devDown)
{
    const std::size_t n = close.size();
    if (period < 2 || n < static_cast<std::size_t>(period))
        return {nanSeries(n), nanSeries(n), nanSeries(n)};
    const auto p = static_cast<std::size_t>(period);
    BollingerSeries out {outputSeries(n, p - 1), outputSeries(n, p - 1), outputSeries(n, p - 1)};
    detail::runningSma(close.data(), out.middle.data(), 0, n, p);
    // Population deviation as sqrt(mean of squares - square of mean), from a running sum of squares
    // in TA-Lib's order; a variance below 1e-14 (a flat window) counts as 0.
    double squares = 0.0;
    for (std::size_t i = 0; i + 1 < p; ++i)
        squares += close[i] * close[i];
    const auto divisor = static_cast<double>(period);
    for (std::size_t i = p - 1; i < n; ++i) {
        squares += close[i] * close[i];
        double variance = squares / divisor;
        const double oldest = close[i + 1 - p];
        squares -= oldest * oldest;
        const double mid = out.middle[i];
        variance -= mid * mid;
        const double deviation = variance < 1e-14 ? 0.0 : std::sqrt(variance);
        out.upper[i] = mid + deviation * devUp;
        out.lower[i] = mid - deviation * devDown;
    }
    return out;
}

Series obv(std::span<const double> close, std::span<const double> volume)
{
    const std::size_t n = close.size();
    if (n == 0 || volume.size() != n)
        return nanSeries(n);
    auto out = outputSeries(n, 0);
    double total = volume[0];
    double prev = close[0];
    out[0] = total;
    // Branch-free: adding -v or 0 gives exactly what subtracting v or skipping would.
    for (std::size_t i = 1; i < n; ++i) {
        const double c = close[i];
        const double v = volume[i];
        total += c > prev ? v : (c < prev ? -v : 0.0);
        out[i] = total;
        prev = c;
    }
    return out;
}

} // namespace thetool::analysis::standard
