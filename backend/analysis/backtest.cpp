#include "backend/analysis/backtest.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "backend/analysis/datavalidator.h"
#include "backend/analysis/pyformat.h"
#include "backend/analysis/strategy5momentum.h"

namespace thetool::analysis {

namespace {

bool isNumber(double v)
{
    return !std::isnan(v);
}

std::optional<double> present(double v)
{
    return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

// The last `days` bars, as the original's df.iloc[-days:].
Bars lastBars(const Bars &bars, std::size_t days)
{
    if (bars.size() <= days)
        return bars;
    const auto from = static_cast<std::ptrdiff_t>(bars.size() - days);
    auto tail = [from](const auto &column) {
        return std::decay_t<decltype(column)>(column.begin() + from, column.end());
    };
    Bars out;
    out.dates = tail(bars.dates);
    out.open = tail(bars.open);
    out.high = tail(bars.high);
    out.low = tail(bars.low);
    out.close = tail(bars.close);
    out.volume = tail(bars.volume);
    return out;
}

// The three entry conditions of spec §9.4 step 6 for bar i.
int conditionsMet(const Bars &bars, const BacktestSeries &s, const BacktestConfig &config, std::size_t i)
{
    const double close = bars.close[i];
    const double rsi = s.rsi[i];
    int met = 0;
    if (config.adxMax) { // S3: oversold in a weak trend
        met += rsi < 40 ? 1 : 0;
        met += close < s.sma20[i] ? 1 : 0;
        met += s.adx[i] < *config.adxMax ? 1 : 0;
    } else if (config.minVolumeRatio) { // S4: momentum with volume
        met += close > s.sma20[i] ? 1 : 0;
        met += rsi > 50 ? 1 : 0;
        met += s.volumeRatio[i] >= *config.minVolumeRatio ? 1 : 0;
    } else {
        met += close > s.sma20[i] ? 1 : 0;
        met += (config.rsiMin <= rsi && rsi <= config.rsiMax) ? 1 : 0;
        met += close > bars.close[i - 1] ? 1 : 0;
    }
    return met;
}

// Filters 2, 3 and 5 of spec §9.4 (a NaN compares false, so it never skips).
bool passesFilters(const Bars &bars, const BacktestSeries &s, const BacktestConfig &config, std::size_t i)
{
    const double close = bars.close[i];
    const double adx = s.adx[i];
    if (config.adxMax ? adx > *config.adxMax : adx < config.adxThreshold)
        return false;
    if (config.useTrendFilter) {
        if (config.trendFilterSma20Only) {
            if (close < s.sma20[i])
                return false;
        } else if (isNumber(s.sma50[i]) && (close < s.sma50[i] || s.sma20[i] < s.sma50[i])) {
            return false;
        }
    }
    // [QUIRK KEEP, spec bug 23] The original also checks a cooldown here, but the last-loss
    // bar is never set in this loop, so it never triggers; only the simulation's counts.
    if (config.minVolumeRatio && s.volumeRatio[i] < *config.minVolumeRatio)
        return false;
    return true;
}

std::string percentText(double pct)
{
    return formatFixed(pct, 1); // Python's str() of the configured 4.0, 2.5, ... (one decimal)
}

BacktestTrade simulateOne(const Bars &bars, const BacktestSignal &signal, const BacktestConfig &config,
    double target, double stop, std::size_t scan)
{
    const double entry = signal.entryPrice;
    BacktestTrade t;
    for (std::size_t k = 1; k <= scan; ++k) {
        const std::size_t j = signal.index + k;
        if (bars.high[j] >= target) { // checked first: optimistic on a bar touching both
            t.win = true;
            t.exitPrice = numpyRound(target, 2);
            t.exitDate = bars.dates[j];
            t.pnlPct = numpyRound((target - entry) / entry * 100.0, 2);
            t.barsHeld = static_cast<int>(k);
            t.reason = "Hit " + percentText(config.targetPct) + "% target";
            return t;
        }
        if (bars.low[j] <= stop) {
            t.win = false;
            t.exitPrice = numpyRound(stop, 2);
            t.exitDate = bars.dates[j];
            t.pnlPct = numpyRound((stop - entry) / entry * 100.0, 2);
            t.barsHeld = static_cast<int>(k);
            t.reason = "Hit stop loss";
            return t;
        }
    }
    const std::size_t last = signal.index + scan;
    const double pnl = (bars.close[last] - entry) / entry * 100.0;
    t.win = pnl > 0;
    t.exitPrice = numpyRound(bars.close[last], 2);
    t.exitDate = bars.dates[last];
    t.pnlPct = numpyRound(pnl, 2);
    t.barsHeld = static_cast<int>(scan);
    const std::size_t available = bars.size() - signal.index - 1;
    if (scan == 0)
        t.reason = "No data available";
    else if (available >= static_cast<std::size_t>(config.maxBars))
        t.reason = "Time exit (" + std::to_string(config.maxBars) + " bars)";
    else
        t.reason = "End of data (" + std::to_string(scan) + " bars)";
    return t;
}

} // namespace

std::string backtestDaysError()
{
    return "days must be between 30 and 365";
}

std::string backtestStrategyError(int strategyId)
{
    return "Invalid strategy_id: " + std::to_string(strategyId) + ". Must be 1-5.";
}

std::vector<BacktestSignal> generateBacktestSignals(
    const Bars &bars, const BacktestSeries &s, const BacktestConfig &config)
{
    std::vector<BacktestSignal> signals;
    for (std::size_t i = kBacktestWarmUpBars; i < bars.size(); ++i) {
        const double rsi = s.rsi[i];
        if (!isNumber(rsi) || rsi < config.rsiMin || rsi > config.rsiMax)
            continue;
        if (!passesFilters(bars, s, config, i))
            continue;
        const int met = conditionsMet(bars, s, config, i);
        if (met < config.minConditions)
            continue;
        if (config.strategy5Validation) {
            // The bar's own values, with the real MACD signal line the analysis overlay lacks.
            const MomentumCheck check =
                strategy5MomentumCheck({present(rsi), present(s.macd[i]), present(s.macdSignal[i]),
                    present(s.stochastic[i]), present(s.cci[i]), present(s.williams[i])});
            if (!check.valid)
                continue;
        }
        const double close = bars.close[i];
        BacktestSignal sig;
        sig.index = i;
        sig.entryPrice = close;
        sig.volumeRatio = numpyRound(s.volumeRatio[i], 2);
        sig.hasVolumeSurge = s.volumeRatio[i] >= 1.3;
        sig.inUptrend = close > s.sma50[i] && s.sma20[i] > s.sma50[i];
        sig.rsi = numpyRound(rsi, 1);
        sig.adx = numpyRound(s.adx[i], 1);
        sig.atr = numpyRound(s.atr[i], 2);
        sig.conditionsMet = met;
        const double confidence = static_cast<double>(met) / 3.0 * 100.0 + (s.adx[i] >= 25 ? 10.0 : 0.0)
            + (sig.inUptrend ? 5.0 : 0.0) + (sig.hasVolumeSurge ? 5.0 : 0.0);
        sig.confidence = confidence >= 100.0 ? 100.0 : pyRound(confidence, 1); // a Python float
        signals.push_back(sig);
    }
    return signals;
}

void simulateBacktestTrades(const Bars &bars, const std::vector<BacktestSignal> &signals,
    const BacktestConfig &config, std::vector<BacktestTrade> &trades, std::vector<ExcludedSignal> &excluded)
{
    std::optional<std::size_t> lastLossBar;
    for (const BacktestSignal &signal : signals) {
        if (lastLossBar && signal.index < *lastLossBar + static_cast<std::size_t>(config.cooldownBars))
            continue; // a loss ended fewer than cooldown_bars bars before (or after) this signal
        const double entry = signal.entryPrice;
        const double target = entry * (1.0 + config.targetPct / 100.0);
        const double baseStop = entry * (1.0 - config.stopLossPct / 100.0);
        const double capStop = entry * (1.0 - config.maxStopLossPct / 100.0);
        // The ATR stop clamped to [sl %, max_sl %] below entry. [QUIRK KEEP] It reads the
        // signal's ATR, rounded to 2 decimals.
        const double stop = signal.atr > 0
            ? std::min(baseStop, std::max(entry - config.atrMultiplier * signal.atr, capStop))
            : baseStop;
        const std::size_t available = bars.size() - signal.index - 1;
        if (available < static_cast<std::size_t>(kBacktestMinExitBars)) {
            excluded.push_back({bars.dates[signal.index], numpyRound(entry, 2), static_cast<int>(available),
                "Only " + std::to_string(available) + " bars available (need 5)"});
            continue;
        }
        const std::size_t scan = std::min(static_cast<std::size_t>(config.maxBars), available);
        BacktestTrade t = simulateOne(bars, signal, config, target, stop, scan);
        t.entryDate = bars.dates[signal.index];
        t.entryPrice = numpyRound(entry, 2);
        t.target = numpyRound(target, 2);
        t.stopLoss = numpyRound(stop, 2);
        t.confidence = signal.confidence;
        t.rsi = signal.rsi;
        t.volumeRatio = signal.volumeRatio;
        t.inUptrend = signal.inUptrend;
        if (!t.win)
            lastLossBar = signal.index + static_cast<std::size_t>(t.barsHeld);
        trades.push_back(std::move(t));
    }
}

BacktestResult runBacktest(const Bars &bars, const BacktestRequest &request)
{
    BacktestResult r;
    r.ticker = request.ticker;
    r.dataSource = request.dataSource;
    r.config = findBacktestConfig(request.strategyId);
    if (!r.config) {
        r.status = BacktestStatus::BadRequest;
        r.error = backtestStrategyError(request.strategyId);
        return r;
    }
    if (request.days < kBacktestMinDays || request.days > kBacktestMaxDays) {
        r.status = BacktestStatus::BadRequest;
        r.error = backtestDaysError();
        return r;
    }
    const DataValidation validation = validateBars(bars);
    if (!validation.valid) {
        r.status = BacktestStatus::NoData;
        r.error = "No valid data available: " + validation.message;
        return r;
    }
    const Bars window = lastBars(bars, static_cast<std::size_t>(request.days));
    r.periodStart = window.dates.front();
    r.periodEnd = window.dates.back();
    r.daysAnalyzed = request.days;
    const BacktestSeries series = computeBacktestSeries(window);
    const std::vector<BacktestSignal> signals = generateBacktestSignals(window, series, *r.config);
    if (signals.empty()) {
        r.status = BacktestStatus::NoSignals;
        return r;
    }
    simulateBacktestTrades(window, signals, *r.config, r.trades, r.excluded);
    r.metrics = computeBacktestMetrics(r.trades);
    r.status = BacktestStatus::Completed;
    return r;
}

} // namespace thetool::analysis
