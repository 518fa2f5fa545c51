#pragma once

#include <string>
#include <vector>

#include "backend/analysis/backtestconfig.h"
#include "backend/analysis/backtestmetrics.h"
#include "backend/analysis/backtestseries.h"
#include "backend/analysis/bars.h"

namespace thetool::analysis {

// What to backtest: the arguments of the original's BacktestEngine(strategy_id).backtest_ticker.
struct BacktestRequest {
    std::string ticker;
    int strategyId = 5;
    int days = kBacktestDefaultDays; // 30..365: the last `days` bars are tested
    std::string dataSource = "csv"; // reported as data_source
};

// A bar that passed every filter of spec §9.4.
struct BacktestSignal {
    std::size_t index = 0;
    // Rounded values use numpy's rounding (numpyRound): the original rounds numpy floats.
    double entryPrice = 0; // the close, unrounded
    double volumeRatio = 0; // 2 decimals
    bool hasVolumeSurge = false;
    bool inUptrend = false;
    double rsi = 0; // 1 decimal
    double adx = 0; // 1 decimal
    double atr = 0; // 2 decimals; the stop reads this rounded value
    int conditionsMet = 0;
    double confidence = 0; // 1 decimal, at most 100
};

// A signal too close to the end of the data to be simulated (spec §9.5 step 4).
struct ExcludedSignal {
    std::string entryDate;
    double entryPrice = 0;
    int availableBars = 0;
    std::string reason;
};

enum class BacktestStatus {
    Completed, // trades (possibly none, when every signal was excluded) and metrics
    NoSignals, // "No buy signals generated in this period"
    BadRequest, // days outside 30..365 or an unknown strategy: {error, ticker}
    NoData, // the bars failed validation: {error, ticker, strategy_id, strategy_name}
};

// The response of spec §9.5 in all its shapes; which fields apply depends on `status`.
struct BacktestResult {
    BacktestStatus status = BacktestStatus::BadRequest;
    std::string ticker;
    std::string error;
    const BacktestConfig *config = nullptr; // set unless the strategy id was invalid
    std::string periodStart, periodEnd; // dates of the first and last tested bar
    int daysAnalyzed = 0; // the requested days, as the original reports it
    std::string dataSource;
    BacktestMetrics metrics;
    std::vector<BacktestTrade> trades;
    std::vector<ExcludedSignal> excluded;

    bool ok() const { return status == BacktestStatus::Completed || status == BacktestStatus::NoSignals; }
};

// The text of a rejected `days` / strategy id (spec §2.7).
std::string backtestDaysError();
std::string backtestStrategyError(int strategyId);

// Runs the backtest of spec §9 on `bars` (oldest first, all the bars the fetch would return):
// validates them, keeps the last `days`, generates signals, simulates exits, computes metrics.
BacktestResult runBacktest(const Bars &bars, const BacktestRequest &request);

// Signal generation (spec §9.4) over already trimmed bars and their series.
std::vector<BacktestSignal> generateBacktestSignals(
    const Bars &bars, const BacktestSeries &series, const BacktestConfig &config);

// Trade simulation (spec §9.5) of `signals` in order; overlapping trades allowed.
void simulateBacktestTrades(const Bars &bars, const std::vector<BacktestSignal> &signals,
    const BacktestConfig &config, std::vector<BacktestTrade> &trades, std::vector<ExcludedSignal> &excluded);

} // namespace thetool::analysis
