#include "backend/analysis/strategy5overlay.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "backend/analysis/pyformat.h"
#include "backend/analysis/rolling.h"
#include "backend/analysis/strategy5momentum.h"

namespace thetool::analysis {

namespace {

using Value = std::optional<double>;

Value displayValue(const std::vector<IndicatorResult> &indicators, IndicatorId id)
{
    for (const auto &r : indicators) {
        if (r.id == id && !r.failed())
            return r.value;
    }
    return std::nullopt;
}

Value lastFinite(const std::vector<double> &series)
{
    if (series.empty() || !std::isfinite(series.back()))
        return std::nullopt;
    return series.back();
}

struct Check {
    bool valid = true;
    std::string reason;
};

std::string f1(double v)
{
    return formatFixed(v, 1);
}
std::string f2(double v)
{
    return formatFixed(v, 2);
}

Check trendCheck(const Bars &bars)
{
    if (bars.size() < 50)
        return {true, "SMA_50 not available - trend filter skipped"};
    const std::span<const double> closes(bars.close);
    const double close = closes.back();
    const double sma20 = numpyMean(closes.last(20));
    const double sma50 = numpyMean(closes.last(50));
    if (close < sma50)
        return {false, "Price (" + f2(close) + ") below SMA(50) (" + f2(sma50) + ") - downtrend"};
    if (sma20 < sma50)
        return {false, "SMA(20) (" + f2(sma20) + ") below SMA(50) (" + f2(sma50) + ") - bearish alignment"};
    return {true, "Uptrend confirmed"};
}

} // namespace

Strategy5Validation validateStrategy5Buy(
    const std::vector<IndicatorResult> &indicators, const Bars &bars, const IndicatorSeries &series)
{
    Strategy5Validation v;
    const Value rsi = displayValue(indicators, IndicatorId::Rsi);
    const Value adx = displayValue(indicators, IndicatorId::Adx);
    const Value stochastic = displayValue(indicators, IndicatorId::Stochastic);
    const Value cci = displayValue(indicators, IndicatorId::Cci);
    const Value williams = displayValue(indicators, IndicatorId::Williams);
    const Value macd = lastFinite(series.macd);
    const Value macdSignal = lastFinite(series.macdSignal);
    const Value macdHist = lastFinite(series.macdHist);

    int confidence = 100;
    if (!adx) {
        v.marketRegime = "UNKNOWN";
    } else if (*adx < 20) {
        v.marketRegime = "CHOPPY";
        confidence -= 15;
        v.warnings.push_back("Weak trend (ADX " + f1(*adx) + " < 20) - choppy market conditions");
    } else if (*adx >= 25) {
        v.marketRegime = "TRENDING";
    } else {
        v.marketRegime = "WEAK_TREND";
    }

    const Check trend = trendCheck(bars);
    v.trendValid = trend.valid;
    v.trendReason = trend.valid ? "Uptrend confirmed" : trend.reason;
    if (!trend.valid) {
        confidence -= 20;
        v.warnings.push_back("Trend filter: " + trend.reason);
    }

    const MomentumCheck momentum = strategy5MomentumCheck({rsi, macd, macdSignal, stochastic, cci, williams});
    v.momentumValid = momentum.valid;
    v.momentumReason = momentum.reason;
    if (!momentum.valid) {
        confidence -= 25;
        v.warnings.push_back("Momentum filter: " + momentum.reason);
    }

    int contradictionConfidence = 100;
    if (rsi && *rsi > 75) {
        contradictionConfidence -= 40;
        v.warnings.push_back("CRITICAL: BUY with overbought RSI (" + f1(*rsi) + ")");
    } else if (rsi && *rsi > 70) {
        contradictionConfidence -= 15;
        v.warnings.push_back("WARNING: BUY with elevated RSI (" + f1(*rsi) + ")");
    }
    if (macdHist && *macdHist <= 0) {
        contradictionConfidence -= 10;
        v.warnings.push_back("WARNING: MACD histogram negative (" + f2(*macdHist) + ")");
    }
    if (adx && *adx < 20) {
        contradictionConfidence -= 5;
        v.warnings.push_back("INFO: Weak trend (ADX " + f1(*adx) + ") - choppy movement");
    }
    confidence = std::min(confidence, std::max(0, contradictionConfidence));
    v.confidenceScore = std::clamp(confidence, 0, 100);
    return v;
}

} // namespace thetool::analysis
