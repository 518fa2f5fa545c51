#include "backend/analysis/strategy.h"

#include "backend/analysis/pyformat.h"

namespace thetool::analysis {

namespace {

WeightList indicatorWeights(double macd, double adx, double ema, double psar, double rsi, double stochastic,
    double cci, double williams, double bollinger, double atr, double obv, double cmf)
{
    return {{"macd", macd}, {"adx", adx}, {"ema", ema}, {"psar", psar}, {"rsi", rsi},
        {"stochastic", stochastic}, {"cci", cci}, {"williams", williams}, {"bollinger", bollinger},
        {"atr", atr}, {"obv", obv}, {"cmf", cmf}};
}

WeightList categoryWeights(double trend, double momentum, double volatility, double volume)
{
    return {{"trend", trend}, {"momentum", momentum}, {"volatility", volatility}, {"volume", volume}};
}

std::vector<Strategy> makeStrategies()
{
    std::vector<Strategy> all(5);
    Strategy &s1 = all[0];
    s1.id = 1;
    s1.description = "Balanced Analysis - Equal weight to all 12 indicators. Good starting point for general "
                     "market analysis.";
    s1.indicatorWeights = indicatorWeights(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    s1.categoryWeights = categoryWeights(1, 1, 1, 1);
    s1.risk.defaultStopLossPct = 2.0;
    s1.risk.defaultTargetMultiplier = 2.0;
    s1.risk.maxPositionSizePct = 20;
    s1.cooldownBars = 2;
    s1.indicatorParamsJson = "{}";

    Strategy &s2 = all[1];
    s2.id = 2;
    s2.description = "Trend Following - Emphasizes MACD, ADX, EMA crossovers. Best for trending markets with "
                     "clear directional moves.";
    s2.indicatorWeights = indicatorWeights(2.5, 2.5, 2.0, 1.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0, 1.0, 1.0);
    s2.categoryWeights = categoryWeights(1.5, 0.7, 0.8, 1.0);
    s2.risk.defaultStopLossPct = 2.5;
    s2.risk.defaultTargetMultiplier = 3.0;
    s2.risk.maxPositionSizePct = 25;
    s2.cooldownBars = 3;
    s2.indicatorParamsJson = R"({"adx": {"threshold": 25}, "ema": {"short_period": 9, "long_period": 21}})";

    Strategy &s3 = all[2];
    s3.id = 3;
    s3.description =
        "Mean Reversion - Emphasizes RSI, Bollinger Bands, Stochastic. Best for range-bound markets "
        "where prices oscillate.";
    s3.indicatorWeights = indicatorWeights(0.5, 0.5, 0.5, 0.5, 2.5, 2.0, 1.5, 1.5, 2.5, 1.0, 1.0, 1.0);
    s3.categoryWeights = categoryWeights(0.6, 1.5, 1.3, 1.0);
    s3.risk.defaultStopLossPct = 1.5;
    s3.risk.defaultTargetMultiplier = 1.5;
    s3.risk.maxPositionSizePct = 15;
    s3.cooldownBars = 2;
    s3.indicatorParamsJson = R"({"rsi": {"period": 14, "overbought": 70, "oversold": 30}, )"
                             R"("stochastic": {"k_period": 14, "overbought": 80, "oversold": 20}})";

    Strategy &s4 = all[3];
    s4.id = 4;
    s4.description =
        "Momentum Breakout - Volume-confirmed momentum signals. Best for catching breakouts with "
        "strong volume confirmation.";
    s4.indicatorWeights = indicatorWeights(1.5, 1.5, 1.0, 1.0, 2.0, 1.5, 1.5, 1.0, 1.5, 2.0, 2.5, 2.5);
    s4.categoryWeights = categoryWeights(1.0, 1.3, 1.2, 1.5);
    s4.risk.defaultStopLossPct = 3.0;
    s4.risk.defaultTargetMultiplier = 2.5;
    s4.risk.maxPositionSizePct = 20;
    s4.cooldownBars = 2;
    s4.indicatorParamsJson = R"({"adx": {"threshold": 20}})";

    Strategy &s5 = all[4];
    s5.id = 5;
    s5.description =
        "Weekly 4% Target (OPTIMIZED Dec 2025) - High-conviction swing trading. 4% target, 3% smart "
        "stop, 15-bar holding. Includes trend filter (SMA 50), cooldown after loss, and momentum "
        "validation.";
    s5.indicatorWeights = indicatorWeights(1.5, 0.5, 0.6, 1.2, 2.0, 2.0, 1.8, 1.6, 1.3, 0.8, 1.2, 1.2);
    s5.categoryWeights = categoryWeights(0.5, 2.0, 1.0, 0.9);
    s5.risk.defaultStopLossPct = 3.0;
    s5.risk.defaultTargetMultiplier = 1.33;
    s5.risk.maxPositionSizePct = 35;
    s5.risk.minRewardPct = 4.0;
    s5.risk.maxStopLossPct = 4.0;
    s5.risk.useDynamicStopLoss = true;
    s5.risk.atrMultiplier = 1.5;
    s5.risk.useWiderStopForVolatility = true;
    s5.risk.maxHoldingBars = 15;
    s5.risk.requireVolumeFilter = false;
    s5.cooldownBars = 3;
    s5.indicatorParamsJson =
        R"({"rsi_period": 10, "macd_fast": 8, "macd_slow": 17, "macd_signal": 9, )"
        R"("stochastic_period": 10, "ema_fast": 8, "ema_slow": 17, "bollinger_period": 15})";

    for (Strategy &s : all)
        s.name = "Strategy " + std::to_string(s.id);
    return all;
}

std::string number(double v)
{
    std::string text = formatFixed(v, 2);
    while (text.size() > 1 && text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

} // namespace

const std::vector<Strategy> &strategies()
{
    static const std::vector<Strategy> all = makeStrategies();
    return all;
}

const Strategy *findStrategy(int id)
{
    for (const Strategy &s : strategies()) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

const Strategy &strategyOrDefault(int id)
{
    const Strategy *s = findStrategy(id);
    return s ? *s : strategies().front();
}

double weightOf(const WeightList &weights, const std::string &key, double fallback)
{
    for (const auto &[name, weight] : weights) {
        if (name == key)
            return weight;
    }
    return fallback;
}

std::string strategyHelpMarkdown(const Strategy &s)
{
    std::string md = "# " + s.name + "\n\n" + s.description + "\n\n";
    md += "## Category weights\n\n| category | weight |\n|---|---|\n";
    for (const auto &[key, weight] : s.categoryWeights)
        md += "| " + key + " | " + number(weight) + " |\n";
    md += "\nThe category weights a request sends replace these (the web frontend always sends trend 1, "
          "momentum 1, volatility 0.9, volume 0.9).\n\n";
    md += "## Indicator weights\n\n| indicator | weight |\n|---|---|\n";
    for (const auto &[key, weight] : s.indicatorWeights)
        md += "| " + key + " | " + number(weight) + " |\n";
    md += "\n## Risk profile\n\n";
    md += "- Stop loss: " + number(s.stopLossPct()) + " % below entry for a buy\n";
    md += "- Target: " + number(s.targetPct()) + " % above entry for a buy\n";
    md += "- Largest position: " + number(s.risk.maxPositionSizePct) + " % of capital\n";
    if (s.risk.useDynamicStopLoss.value_or(false)) {
        md += "- Dynamic stop: " + number(s.risk.atrMultiplier.value_or(2.0))
            + " × ATR(14) as a share of entry, " + "never tighter than the base stop and never wider than "
            + number(s.risk.maxStopLossPct.value_or(4.0)) + " %\n";
    }
    if (s.risk.maxHoldingBars)
        md += "- Holding period: at most " + std::to_string(*s.risk.maxHoldingBars) + " bars\n";
    md += "- Cooldown after a loss: " + std::to_string(s.cooldownBars) + " bars\n";
    md += "\n## Verdicts\n\nThe weighted vote of the indicators gives a score in [-1, 1]: 0.6 and above "
          "Strong Buy, 0.2 and above Buy, -0.6 and below Strong Sell, -0.2 and below Sell, else Hold.\n";
    if (s.id == 5) {
        md += "\nA Buy is also checked by the Strategy 5 filters (trend above SMA 50, momentum alignment, "
              "contradictions); they report a confidence score and warnings but do not change the verdict.\n";
    }
    return md;
}

} // namespace thetool::analysis
