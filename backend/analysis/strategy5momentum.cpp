#include "backend/analysis/strategy5momentum.h"

#include "backend/analysis/pyformat.h"

namespace thetool::analysis {

MomentumCheck strategy5MomentumCheck(const MomentumInputs &in)
{
    const auto &rsi = in.rsi;
    const auto &macd = in.macd;
    const auto &signal = in.macdSignal;
    if (rsi) {
        if (*rsi > 75)
            return {false, "RSI overbought (" + formatFixed(*rsi, 1) + ") - reversal risk"};
        if (*rsi < 25)
            return {false, "RSI oversold (" + formatFixed(*rsi, 1) + ") - weak momentum"};
        if (*rsi < 50)
            return {false, "RSI weak (" + formatFixed(*rsi, 1) + ") - below 50 threshold"};
    }
    if (macd && signal && *macd <= *signal)
        return {
            false, "MACD not bullish (" + formatFixed(*macd, 2) + " \u2264 " + formatFixed(*signal, 2) + ")"};
    int aligned = 0;
    aligned += (rsi && *rsi >= 50 && *rsi <= 75) ? 1 : 0;
    aligned += (in.stochastic && *in.stochastic > 50) ? 1 : 0;
    aligned += (in.cci && *in.cci > 0) ? 1 : 0;
    aligned += (in.williams && *in.williams < -50) ? 1 : 0;
    aligned += (macd && signal && *macd > *signal) ? 1 : 0;
    if (aligned < 3)
        return {false, "Only " + std::to_string(aligned) + "/5 momentum indicators aligned (need \u22653)"};
    return {true, "All momentum filters passed"};
}

} // namespace thetool::analysis
