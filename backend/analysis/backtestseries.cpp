#include "backend/analysis/backtestseries.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

#include "backend/analysis/rolling.h"

namespace thetool::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEpsilon = 1e-10; // the original's guard against a zero range

// max(H−L, |H−C₋₁|, |L−C₋₁|) skipping NaN terms as pandas' row-wise max does; TR₀ = H₀−L₀.
std::vector<double> trueRange(const Bars &bars)
{
    const std::size_t n = bars.size();
    std::vector<double> tr(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        double best = bars.high[i] - bars.low[i];
        if (i > 0) {
            for (double term :
                {std::fabs(bars.high[i] - bars.close[i - 1]), std::fabs(bars.low[i] - bars.close[i - 1])}) {
                if (std::isnan(best) || term > best)
                    best = std::isnan(term) ? best : term;
            }
        }
        tr[i] = best;
    }
    return tr;
}

void computeRsi(const Bars &bars, BacktestSeries &s)
{
    const std::size_t n = bars.size();
    const auto [gain, loss] = gainsAndLosses(bars.close);
    const auto avgGain = simpleMovingAverage(gain, 14);
    const auto avgLoss = simpleMovingAverage(loss, 14);
    s.rsi.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        const double rs = avgGain[i] / avgLoss[i]; // x/0 = inf → 100; 0/0 = NaN → no RSI
        s.rsi[i] = 100.0 - 100.0 / (1.0 + rs);
    }
}

void computeAdx(const Bars &bars, BacktestSeries &s)
{
    const std::size_t n = bars.size();
    const auto tr = trueRange(bars);
    std::vector<double> plusDm(n, 0.0), minusDm(n, 0.0);
    for (std::size_t i = 1; i < n; ++i) {
        const double up = bars.high[i] - bars.high[i - 1];
        const double down = bars.low[i - 1] - bars.low[i];
        if (up > down && up > 0)
            plusDm[i] = up;
        if (down > up && down > 0)
            minusDm[i] = down;
    }
    const double alpha = alphaFromPeriod(14);
    const auto trAvg = exponentialMean(tr, alpha);
    const auto plusAvg = exponentialMean(plusDm, alpha);
    const auto minusAvg = exponentialMean(minusDm, alpha);
    s.plusDi.assign(n, kNaN);
    s.minusDi.assign(n, kNaN);
    std::vector<double> dx(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        s.plusDi[i] = 100.0 * (plusAvg[i] / trAvg[i]);
        s.minusDi[i] = 100.0 * (minusAvg[i] / trAvg[i]);
        dx[i] = 100.0 * std::fabs(s.plusDi[i] - s.minusDi[i]) / (s.plusDi[i] + s.minusDi[i] + kEpsilon);
    }
    s.adx = exponentialMean(dx, alpha);
}

void computeMacd(const Bars &bars, BacktestSeries &s)
{
    const std::size_t n = bars.size();
    const auto fast = exponentialMean(bars.close, alphaFromSpan(12));
    const auto slow = exponentialMean(bars.close, alphaFromSpan(26));
    s.macd.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i)
        s.macd[i] = fast[i] - slow[i];
    s.macdSignal = exponentialMean(s.macd, alphaFromSpan(9));
    s.macdHist.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i)
        s.macdHist[i] = s.macd[i] - s.macdSignal[i];
}

void computeOscillators(const Bars &bars, BacktestSeries &s)
{
    const std::size_t n = bars.size();
    const auto lowest = rollingMin(bars.low, 14);
    const auto highest = rollingMax(bars.high, 14);
    s.stochastic.assign(n, kNaN);
    s.williams.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        const double range = highest[i] - lowest[i] + kEpsilon;
        s.stochastic[i] = 100.0 * (bars.close[i] - lowest[i]) / range;
        s.williams[i] = -100.0 * (highest[i] - bars.close[i]) / range;
    }
}

void computeCci(const Bars &bars, BacktestSeries &s)
{
    const std::size_t n = bars.size();
    constexpr std::size_t window = 20;
    std::vector<double> typical(n);
    for (std::size_t i = 0; i < n; ++i)
        typical[i] = (bars.high[i] + bars.low[i] + bars.close[i]) / 3.0;
    const auto mean = simpleMovingAverage(typical, static_cast<int>(window));
    s.cci.assign(n, kNaN);
    std::vector<double> deviations(window);
    // Mean absolute deviation: no running form, O(n·20).
    for (std::size_t i = window - 1; i < n; ++i) {
        const std::span<const double> win(typical.data() + i + 1 - window, window);
        if (std::any_of(win.begin(), win.end(), [](double v) { return std::isnan(v); }))
            continue;
        const double winMean = numpyMean(win);
        for (std::size_t j = 0; j < window; ++j)
            deviations[j] = std::fabs(win[j] - winMean);
        s.cci[i] = (typical[i] - mean[i]) / (0.015 * numpyMean(deviations) + kEpsilon);
    }
}

void computeVolumeRatio(const Bars &bars, BacktestSeries &s)
{
    const std::size_t n = bars.size();
    s.volumeRatio.assign(n, 0.0);
    // The mean of the (up to) 20 bars before i, summed as numpy does; bar 0 has none.
    for (std::size_t i = 1; i < n; ++i) {
        const std::size_t from = i > 20 ? i - 20 : 0;
        const std::span<const double> window(bars.volume.data() + from, i - from);
        double average = numpyMean(window);
        if (std::isnan(average)) { // pandas' mean skips NaN volumes
            double sum = 0.0;
            int count = 0;
            for (double v : window) {
                if (!std::isnan(v)) {
                    sum += v;
                    ++count;
                }
            }
            average = count > 0 ? sum / count : kNaN;
        }
        s.volumeRatio[i] = average > 0 ? bars.volume[i] / average : 0.0;
    }
}

} // namespace

BacktestSeries computeBacktestSeries(const Bars &bars)
{
    BacktestSeries s;
    s.sma20 = simpleMovingAverage(bars.close, 20);
    s.sma50 = simpleMovingAverage(bars.close, 50);
    computeRsi(bars, s);
    s.atr = simpleMovingAverage(trueRange(bars), 14);
    computeAdx(bars, s);
    computeMacd(bars, s);
    computeOscillators(bars, s);
    computeCci(bars, s);
    computeVolumeRatio(bars, s);
    return s;
}

} // namespace thetool::analysis
