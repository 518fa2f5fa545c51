#include <benchmark/benchmark.h>

#include "backend/analysis/standardindicators.h"
#include "benchbars.h"

// The standard profile's functions on the 2,520-bar fixture, each returning its full series.
namespace {

namespace st = thetool::analysis::standard;
using thetool::bench::benchBars;

void setItems(benchmark::State &state)
{
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(benchBars().close.size()));
}

void BM_Standard_RSI(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::rsi(b.close, 14));
    setItems(state);
}
BENCHMARK(BM_Standard_RSI);

void BM_Standard_MACD(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::macd(b.close, 12, 26, 9));
    setItems(state);
}
BENCHMARK(BM_Standard_MACD);

void BM_Standard_ADX_DI(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::directional(b.high, b.low, b.close, 14));
    setItems(state);
}
BENCHMARK(BM_Standard_ADX_DI);

void BM_Standard_SAR(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::sar(b.high, b.low, 0.02, 0.2));
    setItems(state);
}
BENCHMARK(BM_Standard_SAR);

void BM_Standard_EMA50(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::ema(b.close, 50));
    setItems(state);
}
BENCHMARK(BM_Standard_EMA50);

void BM_Standard_EMA200(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::ema(b.close, 200));
    setItems(state);
}
BENCHMARK(BM_Standard_EMA200);

void BM_Standard_STOCH(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::stoch(b.high, b.low, b.close, 14, 3, 3));
    setItems(state);
}
BENCHMARK(BM_Standard_STOCH);

void BM_Standard_CCI(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::cci(b.high, b.low, b.close, 20));
    setItems(state);
}
BENCHMARK(BM_Standard_CCI);

void BM_Standard_WILLR(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::willr(b.high, b.low, b.close, 14));
    setItems(state);
}
BENCHMARK(BM_Standard_WILLR);

void BM_Standard_ATR(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::atr(b.high, b.low, b.close, 14));
    setItems(state);
}
BENCHMARK(BM_Standard_ATR);

void BM_Standard_BBANDS(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::bbands(b.close, 20, 2.0, 2.0));
    setItems(state);
}
BENCHMARK(BM_Standard_BBANDS);

void BM_Standard_OBV(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state)
        benchmark::DoNotOptimize(st::obv(b.close, b.volume));
    setItems(state);
}
BENCHMARK(BM_Standard_OBV);

// Every series of the profile, as one analysis computes them.
void BM_Standard_All(benchmark::State &state)
{
    const auto &b = benchBars();
    for (auto _ : state) {
        benchmark::DoNotOptimize(st::rsi(b.close, 14));
        benchmark::DoNotOptimize(st::macd(b.close, 12, 26, 9));
        benchmark::DoNotOptimize(st::directional(b.high, b.low, b.close, 14));
        benchmark::DoNotOptimize(st::sar(b.high, b.low, 0.02, 0.2));
        benchmark::DoNotOptimize(st::ema(b.close, 50));
        benchmark::DoNotOptimize(st::ema(b.close, 200));
        benchmark::DoNotOptimize(st::stoch(b.high, b.low, b.close, 14, 3, 3));
        benchmark::DoNotOptimize(st::cci(b.high, b.low, b.close, 20));
        benchmark::DoNotOptimize(st::willr(b.high, b.low, b.close, 14));
        benchmark::DoNotOptimize(st::atr(b.high, b.low, b.close, 14));
        benchmark::DoNotOptimize(st::bbands(b.close, 20, 2.0, 2.0));
        benchmark::DoNotOptimize(st::obv(b.close, b.volume));
    }
    setItems(state);
}
BENCHMARK(BM_Standard_All);

} // namespace
