#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "backend/analysis/rolling.h"

namespace {

std::vector<double> walk(std::size_t n)
{
    std::vector<double> v(n);
    double price = 100.0;
    for (std::size_t i = 0; i < n; ++i) {
        price *= 1.0 + 0.01 * std::sin(static_cast<double>(i) * 0.37);
        v[i] = price;
    }
    return v;
}

void BM_SimpleMovingAverage(benchmark::State &state)
{
    const auto values = walk(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(thetool::analysis::simpleMovingAverage(values, 20));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SimpleMovingAverage)->Arg(2520);

} // namespace
