#pragma once

#include <vector>

#include "backend/analysis/bars.h"

namespace thetool::analysis {

// The per-bar series the backtest reads (spec §9.3), one value per bar, NaN in the warm-up.
// Computed over the whole (trimmed) window in one pass each. Several differ on purpose from
// the analysis indicators of indicatorseries.h, as the original's backtest computed its own:
// no minimum-row masks, ADX with TR₀ = H−L, raw unsmoothed %K, and +1e-10 in the
// Stochastic, Williams and CCI denominators.
struct BacktestSeries {
    std::vector<double> sma20, sma50;
    std::vector<double> rsi; // simple-average RSI; NaN where both averages are 0
    std::vector<double> atr; // SMA14 of TR, TR₀ = H−L
    std::vector<double> adx, plusDi, minusDi;
    std::vector<double> macd, macdSignal, macdHist;
    std::vector<double> stochastic; // raw %K(14)
    std::vector<double> cci;
    std::vector<double> williams;
    std::vector<double> volumeRatio; // V_i / mean(V_{i-20..i-1}); 0 when that mean is 0

    std::size_t size() const { return sma20.size(); }
};

BacktestSeries computeBacktestSeries(const Bars &bars);

} // namespace thetool::analysis
