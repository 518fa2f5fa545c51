#include <cmath>
#include <cstddef>

#include "backend/analysis/standardindicators.h"
#include "backend/analysis/standardsupport.h"

// Wilder's directional movement (ADX, +DI, -DI), average true range and Parabolic SAR.
namespace thetool::analysis::standard {

using detail::nanSeries;
using detail::nearZero;
using detail::outputSeries;
using detail::trueRange;

namespace {

bool sameLength(std::span<const double> a, std::span<const double> b, std::span<const double> c)
{
    return a.size() == b.size() && a.size() == c.size();
}

} // namespace

DirectionalSeries directional(
    std::span<const double> high, std::span<const double> low, std::span<const double> close, int period)
{
    const std::size_t n = close.size();
    if (period < 2 || !sameLength(high, low, close) || n <= static_cast<std::size_t>(period))
        return {nanSeries(n), nanSeries(n), nanSeries(n)};
    const auto p = static_cast<std::size_t>(period);
    DirectionalSeries out {outputSeries(n, 2 * p - 1), outputSeries(n, p), outputSeries(n, p)};
    const auto divisor = static_cast<double>(period);
    double plusDm = 0.0;
    double minusDm = 0.0;
    double range = 0.0;
    double sumDx = 0.0;
    double adx = 0.0;
    for (std::size_t i = 1; i < n; ++i) {
        const double up = high[i] - high[i - 1];
        const double down = low[i - 1] - low[i];
        // Wilder smoothing of the sums: the first period-1 bars are plain sums, then each bar
        // drops 1/period of the running sum before adding its own movement.
        if (i >= p) {
            minusDm -= minusDm / divisor;
            plusDm -= plusDm / divisor;
        }
        if (down > 0 && up < down)
            minusDm += down;
        else if (up > 0 && up > down)
            plusDm += up;
        const double tr = trueRange(high[i], low[i], close[i - 1]);
        range = i >= p ? range - (range / divisor) + tr : range + tr;
        if (i < p)
            continue;

        double plusDi = 0.0;
        double minusDi = 0.0;
        bool hasDx = false;
        double dx = 0.0;
        if (!nearZero(range)) {
            minusDi = 100.0 * (minusDm / range);
            plusDi = 100.0 * (plusDm / range);
            const double sum = minusDi + plusDi;
            if (!nearZero(sum)) {
                hasDx = true;
                dx = 100.0 * (std::fabs(minusDi - plusDi) / sum);
            }
        }
        out.plusDi[i] = plusDi;
        out.minusDi[i] = minusDi;
        // ADX: the mean of the first `period` DX values (a bar without DX counts as 0), then
        // Wilder-smoothed; a bar without DX leaves it unchanged, as TA-Lib does.
        if (i < 2 * p - 1) {
            if (hasDx)
                sumDx += dx;
        } else if (i == 2 * p - 1) {
            if (hasDx)
                sumDx += dx;
            adx = sumDx / divisor;
            out.adx[i] = adx;
        } else {
            if (hasDx)
                adx = ((adx * (divisor - 1.0)) + dx) / divisor;
            out.adx[i] = adx;
        }
    }
    return out;
}

Series atr(
    std::span<const double> high, std::span<const double> low, std::span<const double> close, int period)
{
    const std::size_t n = close.size();
    if (period < 2 || !sameLength(high, low, close) || n <= static_cast<std::size_t>(period))
        return nanSeries(n);
    const auto p = static_cast<std::size_t>(period);
    auto out = outputSeries(n, p);
    const auto divisor = static_cast<double>(period);
    double sum = 0.0;
    for (std::size_t i = 1; i <= p; ++i)
        sum += trueRange(high[i], low[i], close[i - 1]);
    double value = sum / divisor;
    out[p] = value;
    for (std::size_t i = p + 1; i < n; ++i) {
        value *= divisor - 1.0;
        value += trueRange(high[i], low[i], close[i - 1]);
        value /= divisor;
        out[i] = value;
    }
    return out;
}

Series sar(std::span<const double> high, std::span<const double> low, double acceleration, double maximum)
{
    const std::size_t n = high.size();
    if (low.size() != n || n < 2 || !(acceleration > 0.0) || !(maximum > 0.0))
        return nanSeries(n);
    auto out = outputSeries(n, 1);
    if (acceleration > maximum)
        acceleration = maximum;
    double af = acceleration;
    // Direction from the first two bars: short when bar 1 has a down move larger than its up move
    // (a positive -DM), long otherwise.
    const double up0 = high[1] - high[0];
    const double down0 = low[0] - low[1];
    bool isLong = !(down0 > 0 && up0 < down0);
    double ep = isLong ? high[1] : low[1];
    double stop = isLong ? low[0] : high[0];
    // Bar 1 acts as its own previous bar, so its stop is clamped only by itself.
    double newLow = low[1];
    double newHigh = high[1];
    for (std::size_t i = 1; i < n; ++i) {
        const double prevLow = newLow;
        const double prevHigh = newHigh;
        newLow = low[i];
        newHigh = high[i];
        if (isLong) {
            if (newLow <= stop) {
                // Reversal to short: the stop jumps to the extreme point, at least the last two highs.
                isLong = false;
                stop = ep;
                if (stop < prevHigh)
                    stop = prevHigh;
                if (stop < newHigh)
                    stop = newHigh;
                out[i] = stop;
                af = acceleration;
                ep = newLow;
                stop = stop + af * (ep - stop);
                if (stop < prevHigh)
                    stop = prevHigh;
                if (stop < newHigh)
                    stop = newHigh;
            } else {
                out[i] = stop;
                if (newHigh > ep) {
                    ep = newHigh;
                    af += acceleration;
                    if (af > maximum)
                        af = maximum;
                }
                stop = stop + af * (ep - stop);
                if (stop > prevLow)
                    stop = prevLow;
                if (stop > newLow)
                    stop = newLow;
            }
        } else {
            if (newHigh >= stop) {
                isLong = true;
                stop = ep;
                if (stop > prevLow)
                    stop = prevLow;
                if (stop > newLow)
                    stop = newLow;
                out[i] = stop;
                af = acceleration;
                ep = newHigh;
                stop = stop + af * (ep - stop);
                if (stop > prevLow)
                    stop = prevLow;
                if (stop > newLow)
                    stop = newLow;
            } else {
                out[i] = stop;
                if (newLow < ep) {
                    ep = newLow;
                    af += acceleration;
                    if (af > maximum)
                        af = maximum;
                }
                stop = stop + af * (ep - stop);
                if (stop < prevHigh)
                    stop = prevHigh;
                if (stop < newHigh)
                    stop = newHigh;
            }
        }
    }
    return out;
}

} // namespace thetool::analysis::standard
