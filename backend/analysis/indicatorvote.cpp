#include "backend/analysis/indicatorvote.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "backend/analysis/pyformat.h"
#include "backend/analysis/rolling.h"

namespace thetool::analysis {

namespace {

int sign(double v)
{
    return v > 0 ? 1 : (v < 0 ? -1 : 0);
}

// The original's message when a prefix is shorter than the indicator needs.
std::string tooFewRowsMessage(IndicatorId id, std::size_t rows)
{
    const std::string got = ", got " + std::to_string(rows);
    switch (id) {
    case IndicatorId::Macd:
        return "Need at least 52 rows for slow period 26" + got;
    case IndicatorId::Ema:
        return "Insufficient data: need >= 300 rows for slow period 200" + got;
    case IndicatorId::Cci:
    case IndicatorId::Bollinger:
    case IndicatorId::Cmf:
        return "Insufficient data: need >= 30 rows for period 20" + got;
    case IndicatorId::Adx:
    case IndicatorId::Williams:
    case IndicatorId::Atr:
        return "Insufficient data: need >= 21 rows for period 14" + got;
    case IndicatorId::Stochastic:
        return "Insufficient data: need >= 21 rows for k_period 14" + got;
    case IndicatorId::Rsi:
        return "Insufficient data: need >= 21 rows" + got;
    case IndicatorId::Psar:
    case IndicatorId::Obv:
        return "Insufficient data: need >= 2 rows" + got;
    }
    return "Insufficient data" + got;
}

std::string notFiniteMessage(IndicatorId id)
{
    switch (id) {
    case IndicatorId::Stochastic:
        return "Stochastic %K calculation resulted in NaN or Inf";
    case IndicatorId::Macd:
        return "MACD calculation resulted in NaN or Inf - insufficient data quality";
    case IndicatorId::Cmf:
        return "CMF calculation resulted in NaN or Inf";
    case IndicatorId::Bollinger:
        return "Bollinger Bands calculation resulted in NaN or Inf";
    default:
        return std::string(indicatorInfo(id).name) + " calculation resulted in NaN or Inf";
    }
}

struct Raw {
    double display = 0.0;
    int vote = 0;
    double confidence = 0.0;
};

Raw rsiVote(double rsi)
{
    if (rsi < 30)
        return {rsi, 1, std::min((30 - rsi) / 30, 1.0)};
    if (rsi > 70)
        return {rsi, -1, std::min((rsi - 70) / 30, 1.0)};
    return {rsi, 0, 0.0};
}

Raw adxVote(double adx, double plusDi, double minusDi)
{
    const int vote = plusDi > minusDi ? 1 : (plusDi < minusDi ? -1 : 0);
    double confidence = adx / 40;
    if (adx > 25)
        confidence = std::min(adx / 50, 1.0);
    else if (adx < 20)
        confidence = 0.3;
    return {adx, vote, confidence};
}

Raw psarVote(double sar, bool bull, double close)
{
    const double base = std::min(std::fabs(close - sar) / (0.03 * close), 1.0);
    const bool agrees = bull ? close >= sar : close <= sar;
    const int vote = agrees ? (bull ? 1 : -1) : 0;
    // The original shows 0.0 for the SAR: its result is a tuple, not a number.
    return {0.0, vote, agrees ? std::min(1.2 * base, 1.0) : 0.5 * base};
}

Raw stochasticVote(double k)
{
    if (k < 20)
        return {k, 1, std::min((20 - k) / 20, 1.0)};
    if (k > 80)
        return {k, -1, std::min((k - 80) / 20, 1.0)};
    return {k, 0, 0.0};
}

Raw cciVote(double cci)
{
    if (cci < -100)
        return {cci, 1, std::min((std::fabs(cci) - 100) / 100, 1.0)};
    if (cci > 100)
        return {cci, -1, std::min((cci - 100) / 100, 1.0)};
    return {cci, 0, 0.0};
}

Raw williamsVote(double w)
{
    if (w < -80)
        return {w, 1, std::min((std::fabs(w) - 80) / 20, 1.0)};
    if (w > -20)
        return {w, -1, std::min((20 - std::fabs(w)) / 20, 1.0)};
    return {w, 0, 0.0};
}

Raw bollingerVote(double upper, double lower, double close)
{
    const double width = upper - lower;
    if (close < lower)
        return {upper, 1, width > 0 ? std::min((lower - close) / width, 1.0) : 0.0};
    if (close > upper)
        return {upper, -1, width > 0 ? std::min((close - upper) / width, 1.0) : 0.0};
    return {upper, 0, 0.0};
}

Raw obvVote(double obvChange, double priceChange, double meanVolume)
{
    int vote = 0;
    if (obvChange > 0 && priceChange > 0)
        vote = 1;
    else if (obvChange < 0 && priceChange < 0)
        vote = -1;
    if (!(meanVolume > 0))
        return {0.0, vote, 0.5};
    const double magnitude = std::min(std::fabs(obvChange) / (0.2 * meanVolume), 1.0);
    double confidence = 0.5;
    if (vote != 0)
        confidence = 0.5 + 0.5 * magnitude;
    else if ((obvChange > 0 && priceChange < 0) || (obvChange < 0 && priceChange > 0))
        confidence = 0.3 + 0.4 * magnitude;
    return {0.0, vote, confidence};
}

Raw cmfVote(double cmf)
{
    const double magnitude = std::fabs(cmf);
    double confidence;
    if (magnitude > 0.25)
        confidence = 0.75 + std::min((magnitude - 0.25) / 0.25, 0.25);
    else if (magnitude > 0.1)
        confidence = 0.5 + 0.25 * (magnitude - 0.1) / 0.15;
    else
        confidence = 0.6 - 0.1 * magnitude / 0.1;
    return {cmf, sign(cmf), confidence};
}

// Mean volume over all bars, NaN skipped (pandas' Series.mean).
double meanVolume(const Bars &bars)
{
    std::vector<double> values;
    values.reserve(bars.size());
    for (double v : bars.volume) {
        if (!std::isnan(v))
            values.push_back(v);
    }
    return numpyMean(values);
}

} // namespace

IndicatorResult evaluateIndicator(IndicatorId id, const Bars &bars, const IndicatorSeries &s)
{
    const IndicatorInfo &info = indicatorInfo(id);
    IndicatorResult result;
    result.id = id;
    result.name = info.name;
    result.category = info.category;
    const std::size_t n = std::min(bars.size(), s.size());
    if (n < static_cast<std::size_t>(info.minRows)) {
        result.error = tooFewRowsMessage(id, n);
        return result;
    }
    const std::size_t t = n - 1;
    const double close = bars.close[t];
    auto ok = [](std::initializer_list<double> values) {
        return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
    };
    Raw raw;
    bool valid = true;
    switch (id) {
    case IndicatorId::Rsi:
        valid = ok({s.rsi[t]});
        raw = valid ? rsiVote(s.rsi[t]) : Raw {};
        break;
    case IndicatorId::Macd:
        valid = ok({s.macdHist[t]});
        if (valid)
            raw = {
                s.macdHist[t], sign(s.macdHist[t]), std::min(std::fabs(s.macdHist[t]) / (0.02 * close), 1.0)};
        break;
    case IndicatorId::Adx:
        valid = ok({s.adx[t]});
        raw = valid ? adxVote(s.adx[t], s.plusDi[t], s.minusDi[t]) : Raw {};
        break;
    case IndicatorId::Psar:
        valid = ok({s.psar[t]});
        raw = valid ? psarVote(s.psar[t], s.psarBull[t] > 0.5, close) : Raw {};
        break;
    case IndicatorId::Ema:
        valid = ok({s.emaFast[t], s.emaSlow[t]});
        if (valid) {
            const double gap = s.emaFast[t] - s.emaSlow[t];
            raw = {s.emaFast[t], sign(gap), std::min(std::fabs(gap) / s.emaSlow[t], 0.1) * 10};
        }
        break;
    case IndicatorId::Stochastic:
        valid = ok({s.stochK[t]});
        raw = valid ? stochasticVote(s.stochK[t]) : Raw {};
        break;
    case IndicatorId::Cci:
        valid = ok({s.cci[t]});
        raw = valid ? cciVote(s.cci[t]) : Raw {};
        break;
    case IndicatorId::Williams:
        valid = ok({s.williamsR[t]});
        raw = valid ? williamsVote(s.williamsR[t]) : Raw {};
        break;
    case IndicatorId::Atr:
        valid = ok({s.atr[t]});
        if (valid) // ATR never votes; its confidence still weighs in (it pulls the score toward 0)
            raw = {s.atr[t], 0, std::min(s.atr[t] / (0.05 * close), 1.0)};
        break;
    case IndicatorId::Bollinger:
        valid = ok({s.bbUpper[t], s.bbLower[t]});
        raw = valid ? bollingerVote(s.bbUpper[t], s.bbLower[t], close) : Raw {};
        break;
    case IndicatorId::Obv: {
        // OBV of the first bar is 0 by definition (its series value is hidden as warm-up).
        const double previous = t == 1 ? 0.0 : s.obv[t - 1];
        valid = ok({s.obv[t], previous});
        if (valid)
            raw = obvVote(s.obv[t] - previous, close - bars.close[t - 1], meanVolume(bars));
        break;
    }
    case IndicatorId::Cmf:
        valid = ok({s.cmf[t]});
        raw = valid ? cmfVote(s.cmf[t]) : Raw {};
        break;
    }
    if (!valid) {
        result.error = notFiniteMessage(id);
        return result;
    }
    double confidence = std::isnan(raw.confidence) ? 0.0 : std::clamp(raw.confidence, 0.0, 1.0);
    result.value = pyRound(raw.display, 2);
    result.vote = raw.vote;
    result.confidence = pyRound(confidence, 2);
    return result;
}

} // namespace thetool::analysis
