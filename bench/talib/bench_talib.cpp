#include <benchmark/benchmark.h>

#include <ta_libc.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "../analysis/benchbars.h"

// The same functions through TA-Lib on the same bars, built only into bench_vs_talib (when
// THETOOL_TALIB_DIR points at a TA-Lib build), next to BM_Standard_* so ratios come from one run.
// TA-Lib writes into buffers allocated once outside the timed loop: its cheapest possible use.
namespace {

using thetool::bench::benchBars;

struct Buffers {
    std::vector<double> a, b, c;
    int begin = 0;
    int count = 0;
    explicit Buffers(std::size_t n)
        : a(n)
        , b(n)
        , c(n)
    { }
};

int lastIndex()
{
    static const int last = [] {
        if (TA_Initialize() != TA_SUCCESS) {
            std::fprintf(stderr, "TA_Initialize failed\n");
            std::exit(1);
        }
        return static_cast<int>(benchBars().close.size()) - 1;
    }();
    return last;
}

void check(TA_RetCode rc)
{
    if (rc != TA_SUCCESS) {
        std::fprintf(stderr, "TA-Lib call failed: %d\n", static_cast<int>(rc));
        std::exit(1);
    }
}

void setItems(benchmark::State &state)
{
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(benchBars().close.size()));
}

void BM_TaLib_RSI(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_RSI(0, e, d.close.data(), 14, &o.begin, &o.count, o.a.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_RSI);

void BM_TaLib_MACD(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(
            TA_MACD(0, e, d.close.data(), 12, 26, 9, &o.begin, &o.count, o.a.data(), o.b.data(), o.c.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_MACD);

// TA-Lib needs three calls for what our directional() returns in one.
void BM_TaLib_ADX_DI(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_ADX(0, e, d.high.data(), d.low.data(), d.close.data(), 14, &o.begin, &o.count, o.a.data()));
        check(TA_PLUS_DI(
            0, e, d.high.data(), d.low.data(), d.close.data(), 14, &o.begin, &o.count, o.b.data()));
        check(TA_MINUS_DI(
            0, e, d.high.data(), d.low.data(), d.close.data(), 14, &o.begin, &o.count, o.c.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_ADX_DI);

void BM_TaLib_SAR(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_SAR(0, e, d.high.data(), d.low.data(), 0.02, 0.2, &o.begin, &o.count, o.a.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_SAR);

void BM_TaLib_EMA50(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_EMA(0, e, d.close.data(), 50, &o.begin, &o.count, o.a.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_EMA50);

void BM_TaLib_EMA200(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_EMA(0, e, d.close.data(), 200, &o.begin, &o.count, o.a.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_EMA200);

void BM_TaLib_STOCH(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_STOCH(0, e, d.high.data(), d.low.data(), d.close.data(), 14, 3, TA_MAType_SMA, 3,
            TA_MAType_SMA, &o.begin, &o.count, o.a.data(), o.b.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_STOCH);

void BM_TaLib_CCI(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_CCI(0, e, d.high.data(), d.low.data(), d.close.data(), 20, &o.begin, &o.count, o.a.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_CCI);

void BM_TaLib_WILLR(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(
            TA_WILLR(0, e, d.high.data(), d.low.data(), d.close.data(), 14, &o.begin, &o.count, o.a.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_WILLR);

void BM_TaLib_ATR(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_ATR(0, e, d.high.data(), d.low.data(), d.close.data(), 14, &o.begin, &o.count, o.a.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_ATR);

void BM_TaLib_BBANDS(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_BBANDS(0, e, d.close.data(), 20, 2.0, 2.0, TA_MAType_SMA, &o.begin, &o.count, o.a.data(),
            o.b.data(), o.c.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_BBANDS);

void BM_TaLib_OBV(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    for (auto _ : state) {
        check(TA_OBV(0, e, d.close.data(), d.volume.data(), &o.begin, &o.count, o.a.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_OBV);

void BM_TaLib_All(benchmark::State &state)
{
    const auto &d = benchBars();
    Buffers o(d.close.size());
    const int e = lastIndex();
    const double *h = d.high.data();
    const double *l = d.low.data();
    const double *c = d.close.data();
    for (auto _ : state) {
        check(TA_RSI(0, e, c, 14, &o.begin, &o.count, o.a.data()));
        check(TA_MACD(0, e, c, 12, 26, 9, &o.begin, &o.count, o.a.data(), o.b.data(), o.c.data()));
        check(TA_ADX(0, e, h, l, c, 14, &o.begin, &o.count, o.a.data()));
        check(TA_PLUS_DI(0, e, h, l, c, 14, &o.begin, &o.count, o.b.data()));
        check(TA_MINUS_DI(0, e, h, l, c, 14, &o.begin, &o.count, o.c.data()));
        check(TA_SAR(0, e, h, l, 0.02, 0.2, &o.begin, &o.count, o.a.data()));
        check(TA_EMA(0, e, c, 50, &o.begin, &o.count, o.a.data()));
        check(TA_EMA(0, e, c, 200, &o.begin, &o.count, o.a.data()));
        check(TA_STOCH(0, e, h, l, c, 14, 3, TA_MAType_SMA, 3, TA_MAType_SMA, &o.begin, &o.count, o.a.data(),
            o.b.data()));
        check(TA_CCI(0, e, h, l, c, 20, &o.begin, &o.count, o.a.data()));
        check(TA_WILLR(0, e, h, l, c, 14, &o.begin, &o.count, o.a.data()));
        check(TA_ATR(0, e, h, l, c, 14, &o.begin, &o.count, o.a.data()));
        check(TA_BBANDS(
            0, e, c, 20, 2.0, 2.0, TA_MAType_SMA, &o.begin, &o.count, o.a.data(), o.b.data(), o.c.data()));
        check(TA_OBV(0, e, c, d.volume.data(), &o.begin, &o.count, o.a.data()));
        benchmark::ClobberMemory();
    }
    setItems(state);
}
BENCHMARK(BM_TaLib_All);

} // namespace
