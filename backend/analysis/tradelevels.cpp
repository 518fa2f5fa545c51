#include "backend/analysis/tradelevels.h"

#include <algorithm>
#include <cmath>

#include "backend/analysis/aggregation.h"
#include "backend/analysis/pyformat.h"

namespace thetool::analysis {

namespace {

TradeLevels fallback(double close, const std::string &why)
{
    TradeLevels t;
    t.entry = close;
    t.stop = 0.95 * close;
    t.target = 1.05 * close;
    t.signal = "HOLD";
    t.riskReward = 0.0;
    t.positionSize = 0;
    t.riskValid = false;
    t.riskMessage = why;
    return t;
}

} // namespace

TradeLevels computeTradeLevels(double close, double atr, const std::string &verdict, double score,
    const AnalysisConfig &config, std::optional<double> capital)
{
    if (!std::isfinite(close))
        return fallback(close, "Invalid entry price");
    if (close == 0.0)
        return fallback(close, "float division by zero");
    const double risk = config.riskPercent.value_or(2.0) / 100.0;
    const double limit = config.positionSizeLimit.value_or(20.0) / 100.0;
    double stopPct = config.stopLossPct.value_or(3.0) / 100.0;
    const double targetPct = config.targetPct.value_or(6.0) / 100.0;

    TradeLevels t;
    // The entry is the last close, always: the original's strategic-entry helper never fires.
    t.entry = close;
    if (config.useDynamicStop.value_or(false) && std::isfinite(atr) && atr > 0) {
        const double atrPct = config.atrMultiplier.value_or(2.0) * atr / t.entry;
        if (config.useWiderStopForVolatility.value_or(false))
            stopPct = std::max(stopPct, std::min(atrPct, config.maxStopLossPct.value_or(4.0) / 100.0));
        else
            stopPct = std::min(stopPct, atrPct);
    }
    if (verdict == "Sell" || verdict == "Strong Sell") {
        t.stop = t.entry * (1 + stopPct);
        t.target = t.entry * (1 - targetPct);
    } else { // Buy, Strong Buy and Hold get the long-side levels
        t.stop = t.entry * (1 - stopPct);
        t.target = t.entry * (1 + targetPct);
    }
    t.signal = signalForScore(score);
    const double riskPerShare = std::fabs(t.entry - t.stop);
    t.riskReward = riskPerShare > 0 ? std::fabs(t.target - t.entry) / riskPerShare
                                    : config.riskRewardRatio.value_or(1.5);
    const double cap = capital.value_or(0.0);
    if (cap == 0.0) {
        t.positionSize = 0;
        t.riskMessage = "No capital provided";
        t.riskValid = true;
    } else if (riskPerShare == 0.0) {
        t.positionSize = 0;
        t.riskMessage = "Invalid stop loss";
        t.riskValid = false;
    } else {
        const double byRisk = std::floor(cap * risk / riskPerShare);
        const double byLimit = std::floor(cap * limit / t.entry);
        t.positionSize = static_cast<long long>(std::min(byRisk, byLimit));
        t.riskValid = t.positionSize > 0;
        t.riskMessage = "Position: " + std::to_string(t.positionSize) + " shares (risk: "
            + formatFixed(risk * 100, 1) + "%, limit: " + formatFixed(limit * 100, 1) + "%)";
    }
    return t;
}

void applyBuyPostFix(TradeLevels &t, double close)
{
    if (t.signal != "BUY" || !(t.entry > 0 && t.stop > 0 && t.target > 0 && close > 0))
        return;
    if (t.stop >= t.entry)
        t.stop = 0.95 * t.entry;
    if (t.target <= t.entry)
        t.target = 1.10 * t.entry;
    const double riskPerShare = t.entry - t.stop;
    if ((t.target - t.entry) / riskPerShare < 1.5)
        t.target = t.entry + 1.5 * riskPerShare;
    t.riskReward = std::fabs(t.target - t.entry) / std::fabs(t.entry - t.stop);
}

} // namespace thetool::analysis
