#pragma once

#include <string>
#include <vector>

#include "backend/analysis/bars.h"

namespace thetool::analysis {

// Which formulas compute the indicators. `Classic` reproduces the original TheTool v2
// exactly; `Standard` follows TA-Lib's definitions (standardprofile.cpp).
enum class FormulaProfile { Classic, Standard };

// "classic" / "standard"; parse returns false for anything else.
const char *formulaProfileName(FormulaProfile profile);
bool parseFormulaProfile(const std::string &text, FormulaProfile &profile);

// The twelve indicators (spec §8.5) as full series, one value per bar.
//
// Value at bar t = what the indicator gives for the bars 0..t, i.e. for the last bar of
// that prefix: NaN while the prefix is shorter than the indicator's minimum rows, and
// NaN where the indicator itself fails on that prefix (e.g. Stochastic on a 14-bar
// range of zero). A backtest can therefore read bar t without recomputing prefixes.
struct IndicatorSeries {
    FormulaProfile profile = FormulaProfile::Classic;
    std::string error; // non-empty when the series could not be computed at all

    std::vector<double> rsi;
    std::vector<double> macd, macdSignal, macdHist;
    std::vector<double> adx, plusDi, minusDi;
    std::vector<double> psar;
    std::vector<double> psarBull; // 1 while the SAR is in a bull trend, 0 in a bear trend
    std::vector<double> emaFast, emaSlow;
    std::vector<double> stochK, stochD;
    std::vector<double> cci;
    std::vector<double> williamsR;
    std::vector<double> atr;
    std::vector<double> bbUpper, bbMiddle, bbLower;
    std::vector<double> obv;
    std::vector<double> cmf;

    std::size_t size() const { return rsi.size(); }
};

// Parameters and minimum rows of the classic definitions (spec §8.5).
struct IndicatorParams {
    static constexpr int rsiPeriod = 14, rsiMinRows = 21;
    static constexpr int macdFast = 12, macdSlow = 26, macdSignal = 9, macdMinRows = 52;
    static constexpr int adxPeriod = 14, adxMinRows = 21;
    static constexpr int psarMinRows = 2;
    static constexpr int emaFast = 50, emaSlow = 200, emaMinRows = 300;
    static constexpr int stochPeriod = 14, stochSmooth = 3, stochD = 3, stochMinRows = 21;
    static constexpr int cciPeriod = 20, cciMinRows = 30;
    static constexpr int williamsPeriod = 14, williamsMinRows = 21;
    static constexpr int atrPeriod = 14, atrMinRows = 21;
    static constexpr int bbPeriod = 20, bbMinRows = 30;
    static constexpr double bbWidth = 2.0;
    static constexpr int obvMinRows = 2;
    static constexpr int cmfPeriod = 20, cmfMinRows = 30;
};

// All series for `bars` in the given profile. For a profile this build cannot compute,
// `error` says so and the columns are empty.
IndicatorSeries computeIndicators(const Bars &bars, FormulaProfile profile);

// The classic profile (spec §8.5), used by computeIndicators.
IndicatorSeries computeClassicIndicators(const Bars &bars);

// The standard profile: TA-Lib's definitions (standardindicators.h), series starting
// where TA-Lib's start; CMF is the classic formula in both profiles.
IndicatorSeries computeStandardIndicators(const Bars &bars);

// Chaikin Money Flow(20), the same formula in both profiles.
std::vector<double> chaikinMoneyFlow(const Bars &bars);

} // namespace thetool::analysis
