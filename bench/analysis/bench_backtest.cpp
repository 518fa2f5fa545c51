#include <benchmark/benchmark.h>

#include <cstdio>

#include "backend/analysis/backtest.h"
#include "benchbars.h"

// The backtest engine of spec §9 on the 2,520-bar fixture, one benchmark per strategy.
namespace {

namespace an = thetool::analysis;

const an::Bars &bars2520()
{
    static const an::Bars bars = [] {
        const auto &b = thetool::bench::benchBars();
        an::Bars out;
        out.open = b.open;
        out.high = b.high;
        out.low = b.low;
        out.close = b.close;
        out.volume = b.volume;
        // Dates only label trades; one per bar, ascending.
        char date[16];
        for (std::size_t i = 0; i < b.close.size(); ++i) {
            std::snprintf(
                date, sizeof date, "%04zu-%02zu-%02zu", 2000 + i / 336, 1 + i / 28 % 12, 1 + i % 28);
            out.dates.emplace_back(date);
        }
        return out;
    }();
    return bars;
}

// The whole engine over all 2,520 bars (the API caps a request at 365 days; the engine does not
// care): series, signals, exits, metrics.
void BM_Backtest_Engine2520(benchmark::State &state)
{
    const an::Bars &bars = bars2520();
    const an::BacktestConfig &config = *an::findBacktestConfig(static_cast<int>(state.range(0)));
    std::size_t trades = 0;
    for (auto _ : state) {
        const an::BacktestSeries series = an::computeBacktestSeries(bars);
        const auto signals = an::generateBacktestSignals(bars, series, config);
        std::vector<an::BacktestTrade> done;
        std::vector<an::ExcludedSignal> excluded;
        an::simulateBacktestTrades(bars, signals, config, done, excluded);
        benchmark::DoNotOptimize(an::computeBacktestMetrics(done));
        trades = done.size();
    }
    state.counters["trades"] = static_cast<double>(trades);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
}
BENCHMARK(BM_Backtest_Engine2520)->DenseRange(1, 5)->ArgName("strategy");

// runBacktest as the API calls it at its maximum: validate the 2,520 bars, keep the last 365.
void BM_Backtest_Run365(benchmark::State &state)
{
    const an::Bars &bars = bars2520();
    const int strategy = static_cast<int>(state.range(0));
    for (auto _ : state)
        benchmark::DoNotOptimize(an::runBacktest(bars, {"BENCH.NS", strategy, 365, "csv"}));
}
BENCHMARK(BM_Backtest_Run365)->DenseRange(1, 5)->ArgName("strategy");

} // namespace
