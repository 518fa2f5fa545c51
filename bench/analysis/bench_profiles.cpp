#include <benchmark/benchmark.h>

#include "backend/analysis/analyzer.h"
#include "backend/analysis/indicatorseries.h"
#include "benchbars.h"

// What the application pays: computeIndicators (all twelve indicators, every series an
// IndicatorSeries holds) per profile on the 2,520-bar fixture, and a whole analysis of 250 bars.
// Also built into bench_vs_talib, so these and the TA-Lib sum come from one run.
namespace {

namespace an = thetool::analysis;
using thetool::bench::benchBars;
using thetool::bench::lastBenchBars;

void profile(benchmark::State &state, an::FormulaProfile formulas)
{
    const an::Bars &bars = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(an::computeIndicators(bars, formulas));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
}

void BM_Profile_Classic(benchmark::State &state)
{
    profile(state, an::FormulaProfile::Classic);
}
BENCHMARK(BM_Profile_Classic);

void BM_Profile_Standard(benchmark::State &state)
{
    profile(state, an::FormulaProfile::Standard);
}
BENCHMARK(BM_Profile_Standard);

// CMF is in both profiles but has no TA-Lib function: timed alone so it can be set apart.
void BM_Profile_CMF(benchmark::State &state)
{
    const an::Bars &bars = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(an::chaikinMoneyFlow(bars));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
}
BENCHMARK(BM_Profile_CMF);

// analyzeBars with a default request (Strategy 1, default config): validation, indicators,
// votes, aggregation and trade levels, on the last 250 bars of the fixture.
void analyze(benchmark::State &state, an::FormulaProfile formulas)
{
    const an::Bars bars = lastBenchBars(250);
    an::AnalysisRequest request;
    request.ticker = "BENCH";
    request.strategyId = 1;
    request.profile = formulas;
    if (!an::analyzeBars(bars, request).success) {
        state.SkipWithError("analyzeBars failed on the benchmark bars");
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(an::analyzeBars(bars, request));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
}

void BM_Analyze250_Classic(benchmark::State &state)
{
    analyze(state, an::FormulaProfile::Classic);
}
BENCHMARK(BM_Analyze250_Classic);

void BM_Analyze250_Standard(benchmark::State &state)
{
    analyze(state, an::FormulaProfile::Standard);
}
BENCHMARK(BM_Analyze250_Standard);

} // namespace
