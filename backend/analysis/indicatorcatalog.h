#pragma once

#include <array>
#include <string>

namespace thetool::analysis {

enum class IndicatorId { Rsi, Macd, Adx, Psar, Ema, Stochastic, Cci, Williams, Atr, Bollinger, Obv, Cmf };

// The names one indicator goes by (spec §8.1, §8.4, §8.6).
struct IndicatorInfo {
    IndicatorId id;
    const char *configKey; // key in `enabled_indicators` (rsi, parabolic_sar, ...)
    const char *weightKey; // key in `indicator_weights` (rsi, psar, ...)
    const char *name; // display name in results (RSI, Parabolic SAR, ...)
    const char *category; // trend, momentum, volatility, volume
    int minRows;
};

// All twelve, in the order the analysis runs them when no selection is given.
const std::array<IndicatorInfo, 12> &indicatorCatalog();
const IndicatorInfo &indicatorInfo(IndicatorId id);
// Lookup by `enabled_indicators` key; nullptr when unknown.
const IndicatorInfo *indicatorByConfigKey(const std::string &key);

} // namespace thetool::analysis
