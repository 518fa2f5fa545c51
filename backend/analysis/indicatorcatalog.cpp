#include "backend/analysis/indicatorcatalog.h"

#include "backend/analysis/indicatorseries.h"

namespace thetool::analysis {

const std::array<IndicatorInfo, 12> &indicatorCatalog()
{
    using P = IndicatorParams;
    static const std::array<IndicatorInfo, 12> all = {{
        {IndicatorId::Rsi, "rsi", "rsi", "RSI", "momentum", P::rsiMinRows},
        {IndicatorId::Macd, "macd", "macd", "MACD", "trend", P::macdMinRows},
        {IndicatorId::Adx, "adx", "adx", "ADX", "trend", P::adxMinRows},
        {IndicatorId::Psar, "parabolic_sar", "psar", "Parabolic SAR", "trend", P::psarMinRows},
        {IndicatorId::Ema, "ema_crossover", "ema", "EMA Crossover", "trend", P::emaMinRows},
        {IndicatorId::Stochastic, "stochastic", "stochastic", "Stochastic", "momentum", P::stochMinRows},
        {IndicatorId::Cci, "cci", "cci", "CCI", "momentum", P::cciMinRows},
        {IndicatorId::Williams, "williams_r", "williams", "Williams %R", "momentum", P::williamsMinRows},
        {IndicatorId::Atr, "atr", "atr", "ATR", "volatility", P::atrMinRows},
        {IndicatorId::Bollinger, "bollinger_bands", "bollinger", "Bollinger Bands", "volatility",
            P::bbMinRows},
        {IndicatorId::Obv, "obv", "obv", "OBV", "volume", P::obvMinRows},
        {IndicatorId::Cmf, "cmf", "cmf", "Chaikin Money Flow", "volume", P::cmfMinRows},
    }};
    return all;
}

const IndicatorInfo &indicatorInfo(IndicatorId id)
{
    return indicatorCatalog()[static_cast<std::size_t>(id)];
}

const IndicatorInfo *indicatorByConfigKey(const std::string &key)
{
    for (const auto &info : indicatorCatalog()) {
        if (key == info.configKey)
            return &info;
    }
    return nullptr;
}

} // namespace thetool::analysis
