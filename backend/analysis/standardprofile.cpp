// The `standard` formula profile: the IndicatorSeries columns filled from the
// TA-Lib-equivalent functions, with TA-Lib's parameters (DESIGN.md "Analysis").
#include "backend/analysis/bars.h"
#include "backend/analysis/indicatorseries.h"
#include "backend/analysis/standardindicators.h"

#include <cmath>

namespace thetool::analysis {

IndicatorSeries computeStandardIndicators(const Bars &bars)
{
    using P = IndicatorParams;
    namespace ta = standard;
    IndicatorSeries s;
    s.profile = FormulaProfile::Standard;
    s.rsi = ta::rsi(bars.close, P::rsiPeriod);
    auto macd = ta::macd(bars.close, P::macdFast, P::macdSlow, P::macdSignal);
    s.macd = std::move(macd.macd);
    s.macdSignal = std::move(macd.signal);
    s.macdHist = std::move(macd.histogram);
    auto directional = ta::directional(bars.high, bars.low, bars.close, P::adxPeriod);
    s.adx = std::move(directional.adx);
    s.plusDi = std::move(directional.plusDi);
    s.minusDi = std::move(directional.minusDi);
    s.psar = ta::sar(bars.high, bars.low, 0.02, 0.2);
    // Wilder's SAR sits below the bar in an up-trend and above it in a down-trend, so
    // its side of the close is its trend.
    s.psarBull.assign(bars.size(), std::nan(""));
    for (std::size_t i = 0; i < bars.size(); ++i) {
        if (!std::isnan(s.psar[i]))
            s.psarBull[i] = s.psar[i] < bars.close[i] ? 1.0 : 0.0;
    }
    s.emaFast = ta::ema(bars.close, P::emaFast);
    s.emaSlow = ta::ema(bars.close, P::emaSlow);
    auto stoch = ta::stoch(bars.high, bars.low, bars.close, P::stochPeriod, P::stochSmooth, P::stochD);
    s.stochK = std::move(stoch.k);
    s.stochD = std::move(stoch.d);
    s.cci = ta::cci(bars.high, bars.low, bars.close, P::cciPeriod);
    s.williamsR = ta::willr(bars.high, bars.low, bars.close, P::williamsPeriod);
    s.atr = ta::atr(bars.high, bars.low, bars.close, P::atrPeriod);
    auto bands = ta::bbands(bars.close, P::bbPeriod, P::bbWidth, P::bbWidth);
    s.bbUpper = std::move(bands.upper);
    s.bbMiddle = std::move(bands.middle);
    s.bbLower = std::move(bands.lower);
    s.obv = ta::obv(bars.close, bars.volume);
    s.cmf = chaikinMoneyFlow(bars);
    return s;
}

} // namespace thetool::analysis
