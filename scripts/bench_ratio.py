#!/usr/bin/env python3
"""Markdown table of BM_Standard_* against BM_TaLib_* from one bench_vs_talib JSON run.

Usage: bench_vs_talib --benchmark_repetitions=N --benchmark_report_aggregates_only=true \
           --benchmark_format=json > run.json
       scripts/bench_ratio.py run.json
Uses the median CPU time of each benchmark (the wall time on a shared machine includes waiting).
"""

import json
import sys


BENCH_ORDER = ["RSI", "MACD", "ADX_DI", "SAR", "EMA50", "EMA200", "STOCH", "CCI", "WILLR", "ATR", "BBANDS",
               "OBV", "All"]


def main():
    with open(sys.argv[1]) as f:
        run = json.load(f)
    medians = {}
    for b in run["benchmarks"]:
        if b.get("aggregate_name", "median") == "median":
            name = b.get("run_name", b["name"])
            medians[name] = (b["cpu_time"], b["time_unit"])
    ctx = run["context"]
    print(f"Host: {ctx.get('host_name', '?')}, {ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz, "
          f"load average {', '.join(f'{x:.2f}' for x in ctx.get('load_avg', []))}")
    print()
    print("| Function | Ours (µs) | TA-Lib (µs) | Ours / TA-Lib |")
    print("|---|---:|---:|---:|")
    scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}
    # In the order the benchmarks are defined, whatever order a randomly interleaved run used.
    order = [b.get("run_name", b["name"]) for b in run["benchmarks"]]
    names = sorted({n for n in order if n.startswith("BM_Standard_")}, key=lambda n: BENCH_ORDER.index(n[12:])
                   if n[12:] in BENCH_ORDER else len(BENCH_ORDER))
    for name in names:
        ours, unit = medians[name]
        key = name[len("BM_Standard_"):]
        other = medians.get("BM_TaLib_" + key)
        if other is None:
            continue
        a = ours * scale[unit]
        b = other[0] * scale[other[1]]
        print(f"| {key} | {a:.2f} | {b:.2f} | {a / b:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
