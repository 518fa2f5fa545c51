#pragma once

#include <span>
#include <vector>

// The `standard` formula profile: the twelve indicators as TA-Lib defines them (the C library in the
// npm package talib 1.1.6, version 0.6.0-dev), with its default settings (SMA-seeded EMAs, Wilder
// smoothing, no extra unstable period). Every function returns a full series as long as its input,
// NaN where TA-Lib gives no value (before its first defined bar), so index i is bar i.
//
// Written from the published definitions; the golden tests in tests/analysis_standard compare every
// value with TA-Lib's own output. Degenerate cases follow TA-Lib: a zero denominator (no range, no
// movement) gives 0, and comparisons with zero use TA-Lib's 1e-14 tolerance where TA-Lib does.
//
// Bad parameters (a period below 2, a signal period below 1, spans of different lengths, an
// acceleration or maximum not above 0) give an all-NaN series of the input's length, never a
// crash. Inputs are expected finite; a NaN propagates through the recurrences that read it.
namespace thetool::analysis::standard {

using Series = std::vector<double>;

struct MacdSeries {
    Series macd; // EMA(fast) - EMA(slow); both EMAs start together at bar slow-1
    Series signal; // EMA(signal) of macd, seeded with the mean of its first `signal` values
    Series histogram; // macd - signal
};

struct DirectionalSeries {
    Series adx;
    Series plusDi;
    Series minusDi;
};

struct StochSeries {
    Series k; // slow %K: SMA(slowK) of fast %K
    Series d; // slow %D: SMA(slowD) of slow %K
};

struct BollingerSeries {
    Series upper;
    Series middle; // SMA(period)
    Series lower;
};

// TA_EMA: seeded with the SMA of the first `period` values; first value at period-1.
Series ema(std::span<const double> values, int period);

// TA_RSI (Wilder): first value at `period`.
Series rsi(std::span<const double> close, int period = 14);

// TA_MACD(fast, slow, signal): all three series start at (slow-1)+(signal-1).
MacdSeries macd(
    std::span<const double> close, int fastPeriod = 12, int slowPeriod = 26, int signalPeriod = 9);

// TA_ADX, TA_PLUS_DI and TA_MINUS_DI in one pass: DIs start at `period`, ADX at 2*period-1.
DirectionalSeries directional(std::span<const double> high, std::span<const double> low,
    std::span<const double> close, int period = 14);

// TA_SAR (Wilder's Parabolic SAR): first value at bar 1.
Series sar(std::span<const double> high, std::span<const double> low, double acceleration = 0.02,
    double maximum = 0.2);

// TA_STOCH(fastK, slowK SMA, slowD SMA): both series start at (fastK-1)+(slowK-1)+(slowD-1).
StochSeries stoch(std::span<const double> high, std::span<const double> low, std::span<const double> close,
    int fastKPeriod = 14, int slowKPeriod = 3, int slowDPeriod = 3);

// TA_CCI: first value at period-1.
Series cci(std::span<const double> high, std::span<const double> low, std::span<const double> close,
    int period = 20);

// TA_WILLR: first value at period-1; range -100..0.
Series willr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
    int period = 14);

// TA_ATR (Wilder): first value at `period` (the mean of the first `period` true ranges).
Series atr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
    int period = 14);

// TA_BBANDS(period, devUp, devDown, SMA) with the population standard deviation; first value at period-1.
BollingerSeries bbands(
    std::span<const double> close, int period = 20, double devUp = 2.0, double devDown = 2.0);

// TA_OBV: starts at bar 0 with that bar's volume.
Series obv(std::span<const double> close, std::span<const double> volume);

} // namespace thetool::analysis::standard
