// The classic profile: the original TheTool v2 formulas (spec §8.5), including its
// simplifications (simple-average RSI, SMA ATR, the simplified Parabolic SAR).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

#include "backend/analysis/indicatorseries.h"
#include "backend/analysis/rolling.h"

namespace thetool::analysis {

namespace {

using P = IndicatorParams;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool finite(double v)
{
    return std::isfinite(v);
}

// Bars before the indicator's minimum row count have no value (the original raises there).
void maskWarmUp(std::vector<double> &series, int minRows)
{
    const auto limit = std::min(series.size(), static_cast<std::size_t>(std::max(minRows - 1, 0)));
    std::fill(series.begin(), series.begin() + static_cast<std::ptrdiff_t>(limit), kNaN);
}

// True range; the first bar is NaN for ADX and High-Low for ATR (as in the original).
std::vector<double> trueRange(const Bars &bars, bool firstIsRange)
{
    const std::size_t n = bars.size();
    std::vector<double> tr(n, kNaN);
    if (n == 0)
        return tr;
    if (firstIsRange)
        tr[0] = bars.high[0] - bars.low[0];
    for (std::size_t i = 1; i < n; ++i) {
        const double a = bars.high[i] - bars.low[i];
        const double b = std::fabs(bars.high[i] - bars.close[i - 1]);
        const double c = std::fabs(bars.low[i] - bars.close[i - 1]);
        tr[i] = (std::isnan(a) || std::isnan(b) || std::isnan(c)) ? kNaN : std::max({a, b, c});
    }
    return tr;
}

void computeRsi(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    const auto [gain, loss] = gainsAndLosses(bars.close);
    const auto avgGain = simpleMovingAverage(gain, P::rsiPeriod);
    const auto avgLoss = simpleMovingAverage(loss, P::rsiPeriod);
    s.rsi.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(avgGain[i]) || std::isnan(avgLoss[i]))
            continue;
        const double rs =
            avgLoss[i] == 0.0 ? std::numeric_limits<double>::infinity() : avgGain[i] / avgLoss[i];
        s.rsi[i] = std::clamp(100.0 - 100.0 / (1.0 + rs), 0.0, 100.0);
    }
    maskWarmUp(s.rsi, P::rsiMinRows);
}

void computeMacd(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    const auto fast = exponentialMean(bars.close, alphaFromSpan(P::macdFast));
    const auto slow = exponentialMean(bars.close, alphaFromSpan(P::macdSlow));
    s.macd.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i)
        s.macd[i] = fast[i] - slow[i];
    s.macdSignal = exponentialMean(s.macd, alphaFromSpan(P::macdSignal));
    s.macdHist.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        s.macdHist[i] = s.macd[i] - s.macdSignal[i];
        if (!finite(s.macd[i]) || !finite(s.macdSignal[i]) || !finite(s.macdHist[i]))
            s.macd[i] = s.macdSignal[i] = s.macdHist[i] = kNaN;
    }
    maskWarmUp(s.macd, P::macdMinRows);
    maskWarmUp(s.macdSignal, P::macdMinRows);
    maskWarmUp(s.macdHist, P::macdMinRows);
}

void computeAdx(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    const auto tr = trueRange(bars, false);
    std::vector<double> plusDm(n, 0.0), minusDm(n, 0.0);
    for (std::size_t i = 1; i < n; ++i) {
        const double up = bars.high[i] - bars.high[i - 1];
        const double down = bars.low[i - 1] - bars.low[i];
        if (up > down && up > 0)
            plusDm[i] = up;
        if (down > up && down > 0)
            minusDm[i] = down;
    }
    const double alpha = alphaFromPeriod(P::adxPeriod);
    const auto trAvg = exponentialMean(tr, alpha);
    const auto plusAvg = exponentialMean(plusDm, alpha);
    const auto minusAvg = exponentialMean(minusDm, alpha);
    s.plusDi.assign(n, kNaN);
    s.minusDi.assign(n, kNaN);
    std::vector<double> dx(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        s.plusDi[i] = 100.0 * (plusAvg[i] / trAvg[i]);
        s.minusDi[i] = 100.0 * (minusAvg[i] / trAvg[i]);
        dx[i] = 100.0 * std::fabs(s.plusDi[i] - s.minusDi[i]) / (s.plusDi[i] + s.minusDi[i] + 1e-10);
    }
    s.adx = exponentialMean(dx, alpha);
    for (auto *column : {&s.adx, &s.plusDi, &s.minusDi}) {
        for (double &v : *column) {
            if (std::isnan(v))
                v = 0.0; // the original reports a NaN ADX or DI (no range yet) as 0
        }
    }
    maskWarmUp(s.adx, P::adxMinRows);
    maskWarmUp(s.plusDi, P::adxMinRows);
    maskWarmUp(s.minusDi, P::adxMinRows);
}

// Simplified SAR of the original: no clamp to the prior bars' highs and lows.
void computePsar(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    s.psar.assign(n, kNaN);
    s.psarBull.assign(n, kNaN);
    if (n == 0)
        return;
    constexpr double afStart = 0.02, afStep = 0.02, afMax = 0.2;
    double sar = bars.close[0];
    bool bull = true;
    double af = afStart;
    double highPoint = bars.high[0];
    double lowPoint = bars.low[0];
    s.psar[0] = sar;
    s.psarBull[0] = 1.0;
    for (std::size_t i = 1; i < n; ++i) {
        if (bull) {
            sar = sar + af * (highPoint - sar);
            if (bars.low[i] < sar) {
                bull = false;
                sar = highPoint;
                lowPoint = bars.low[i];
                af = afStart;
            }
        } else {
            sar = sar + af * (lowPoint - sar);
            if (bars.high[i] > sar) {
                bull = true;
                sar = lowPoint;
                highPoint = bars.high[i];
                af = afStart;
            }
        }
        if (bull && bars.high[i] > highPoint) {
            highPoint = bars.high[i];
            af = std::min(af + afStep, afMax);
        } else if (!bull && bars.low[i] < lowPoint) {
            lowPoint = bars.low[i];
            af = std::min(af + afStep, afMax);
        }
        s.psar[i] = sar;
        s.psarBull[i] = bull ? 1.0 : 0.0;
    }
    maskWarmUp(s.psar, P::psarMinRows);
    maskWarmUp(s.psarBull, P::psarMinRows);
}

void computeEma(const Bars &bars, IndicatorSeries &s)
{
    s.emaFast = exponentialMean(bars.close, alphaFromSpan(P::emaFast));
    s.emaSlow = exponentialMean(bars.close, alphaFromSpan(P::emaSlow));
    for (std::size_t i = 0; i < s.emaFast.size(); ++i) {
        if (!finite(s.emaFast[i]) || !finite(s.emaSlow[i]))
            s.emaFast[i] = s.emaSlow[i] = kNaN;
    }
    maskWarmUp(s.emaFast, P::emaMinRows);
    maskWarmUp(s.emaSlow, P::emaMinRows);
}

void computeStochastic(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    const auto lowest = rollingMin(bars.low, P::stochPeriod);
    const auto highest = rollingMax(bars.high, P::stochPeriod);
    std::vector<double> rawK(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        const double range = highest[i] - lowest[i];
        if (range != 0.0) // a flat 14-bar range has no %K
            rawK[i] = 100.0 * ((bars.close[i] - lowest[i]) / range);
    }
    s.stochK = simpleMovingAverage(rawK, P::stochSmooth);
    s.stochD = simpleMovingAverage(s.stochK, P::stochD);
    for (std::size_t i = 0; i < n; ++i) {
        if (!finite(s.stochK[i]) || !finite(s.stochD[i]))
            s.stochK[i] = s.stochD[i] = kNaN; // the original raises on a NaN %K or %D
    }
    maskWarmUp(s.stochK, P::stochMinRows);
    maskWarmUp(s.stochD, P::stochMinRows);
}

void computeCci(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    std::vector<double> typical(n);
    for (std::size_t i = 0; i < n; ++i)
        typical[i] = (bars.high[i] + bars.low[i] + bars.close[i]) / 3.0;
    const auto mean = simpleMovingAverage(typical, P::cciPeriod);
    s.cci.assign(n, kNaN);
    const auto window = static_cast<std::size_t>(P::cciPeriod);
    std::vector<double> deviations(window);
    // The mean absolute deviation has no running form: O(n·window), window = 20.
    for (std::size_t i = window - 1; i < n; ++i) {
        const std::span<const double> win(typical.data() + i + 1 - window, window);
        if (std::any_of(win.begin(), win.end(), [](double v) { return std::isnan(v); }))
            continue;
        const double winMean = numpyMean(win);
        for (std::size_t j = 0; j < window; ++j)
            deviations[j] = std::fabs(win[j] - winMean);
        const double mad = numpyMean(deviations);
        const double value = (typical[i] - mean[i]) / (0.015 * mad);
        if (finite(value))
            s.cci[i] = value;
    }
    maskWarmUp(s.cci, P::cciMinRows);
}

void computeWilliams(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    const auto lowest = rollingMin(bars.low, P::williamsPeriod);
    const auto highest = rollingMax(bars.high, P::williamsPeriod);
    s.williamsR.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        const double value = -100.0 * ((highest[i] - bars.close[i]) / (highest[i] - lowest[i]));
        if (finite(value))
            s.williamsR[i] = value;
    }
    maskWarmUp(s.williamsR, P::williamsMinRows);
}

void computeAtr(const Bars &bars, IndicatorSeries &s)
{
    s.atr = simpleMovingAverage(trueRange(bars, true), P::atrPeriod);
    maskWarmUp(s.atr, P::atrMinRows);
}

void computeBollinger(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    s.bbMiddle = simpleMovingAverage(bars.close, P::bbPeriod);
    const auto sd = rollingStdSample(bars.close, P::bbPeriod);
    s.bbUpper.assign(n, kNaN);
    s.bbLower.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        s.bbUpper[i] = s.bbMiddle[i] + P::bbWidth * sd[i];
        s.bbLower[i] = s.bbMiddle[i] - P::bbWidth * sd[i];
    }
    maskWarmUp(s.bbUpper, P::bbMinRows);
    maskWarmUp(s.bbMiddle, P::bbMinRows);
    maskWarmUp(s.bbLower, P::bbMinRows);
}

void computeObv(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    s.obv.assign(n, kNaN);
    double obv = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) {
            if (bars.close[i] > bars.close[i - 1])
                obv += bars.volume[i];
            else if (bars.close[i] < bars.close[i - 1])
                obv -= bars.volume[i];
        }
        s.obv[i] = obv;
    }
    maskWarmUp(s.obv, P::obvMinRows);
}

void computeCmf(const Bars &bars, IndicatorSeries &s)
{
    const std::size_t n = bars.size();
    std::vector<double> flowVolume(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        const double range = bars.high[i] - bars.low[i];
        if (range == 0.0)
            continue; // no money-flow multiplier on a bar with High = Low
        const double multiplier = ((bars.close[i] - bars.low[i]) - (bars.high[i] - bars.close[i])) / range;
        flowVolume[i] = multiplier * bars.volume[i];
    }
    const auto flowSum = rollingSum(flowVolume, P::cmfPeriod);
    const auto volumeSum = rollingSum(bars.volume, P::cmfPeriod);
    s.cmf.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        if (volumeSum[i] == 0.0)
            continue;
        const double value = flowSum[i] / volumeSum[i];
        if (finite(value))
            s.cmf[i] = value;
    }
    maskWarmUp(s.cmf, P::cmfMinRows);
}

} // namespace

const char *formulaProfileName(FormulaProfile profile)
{
    return profile == FormulaProfile::Standard ? "standard" : "classic";
}

bool parseFormulaProfile(const std::string &text, FormulaProfile &profile)
{
    if (text == "classic")
        profile = FormulaProfile::Classic;
    else if (text == "standard")
        profile = FormulaProfile::Standard;
    else
        return false;
    return true;
}

IndicatorSeries computeClassicIndicators(const Bars &bars)
{
    IndicatorSeries s;
    s.profile = FormulaProfile::Classic;
    computeRsi(bars, s);
    computeMacd(bars, s);
    computeAdx(bars, s);
    computePsar(bars, s);
    computeEma(bars, s);
    computeStochastic(bars, s);
    computeCci(bars, s);
    computeWilliams(bars, s);
    computeAtr(bars, s);
    computeBollinger(bars, s);
    computeObv(bars, s);
    computeCmf(bars, s);
    return s;
}

std::vector<double> chaikinMoneyFlow(const Bars &bars)
{
    IndicatorSeries s;
    computeCmf(bars, s);
    return std::move(s.cmf);
}

IndicatorSeries computeIndicators(const Bars &bars, FormulaProfile profile)
{
    if (profile == FormulaProfile::Standard)
        return computeStandardIndicators(bars);
    return computeClassicIndicators(bars);
}

} // namespace thetool::analysis
