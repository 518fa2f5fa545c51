#!/usr/bin/env python3
"""Markdown tables of one bench_vs_talib JSON run: BM_Standard_* against BM_TaLib_* per function, then
computeIndicators per profile (BM_Profile_*) against the TA-Lib sum (BM_TaLib_All) and the 250-bar
analysis (BM_Analyze250_*).

Usage: bench_vs_talib --benchmark_repetitions=N --benchmark_report_aggregates_only=true \
           --benchmark_format=json > run.json
       scripts/bench_ratio.py run.json
Uses the median CPU time of each benchmark (the wall time on a shared machine includes waiting);
"cv" is the coefficient of variation over the repetitions. A run of bench_analysis (no TA-Lib) works
too: the TA-Lib columns are then left out.
"""

import json
import sys


BENCH_ORDER = ["RSI", "MACD", "ADX_DI", "SAR", "EMA50", "EMA200", "STOCH", "CCI", "WILLR", "ATR", "BBANDS",
               "OBV", "All"]
SCALE = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def load(path):
    with open(path) as f:
        run = json.load(f)
    medians, cvs = {}, {}
    for b in run["benchmarks"]:
        name = b.get("run_name", b["name"])
        aggregate = b.get("aggregate_name", "median")
        if aggregate == "median":
            medians[name] = b["cpu_time"] * SCALE[b["time_unit"]]
        elif aggregate == "cv":
            cvs[name] = b["cpu_time"]  # a ratio, reported in the time field
    return run["context"], medians, cvs


def cv_text(cvs, name):
    return f"{100 * cvs[name]:.0f} %" if name in cvs else "?"


def main():
    ctx, med, cvs = load(sys.argv[1])
    print(f"Host: {ctx.get('host_name', '?')}, {ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz, "
          f"load average {', '.join(f'{x:.2f}' for x in ctx.get('load_avg', []))}, date {ctx.get('date', '?')}")
    print()

    keys = sorted({n[len("BM_Standard_"):] for n in med if n.startswith("BM_Standard_")},
                  key=lambda k: BENCH_ORDER.index(k) if k in BENCH_ORDER else len(BENCH_ORDER))
    keys = [k for k in keys if "BM_TaLib_" + k in med]
    if keys:
        print("| Function | Ours (µs) | cv | TA-Lib (µs) | cv | Ours / TA-Lib |")
        print("|---|---:|---:|---:|---:|---:|")
        for key in keys:
            ours, other = med["BM_Standard_" + key], med["BM_TaLib_" + key]
            print(f"| {key} | {ours:.2f} | {cv_text(cvs, 'BM_Standard_' + key)} | {other:.2f} | "
                  f"{cv_text(cvs, 'BM_TaLib_' + key)} | {ours / other:.2f} |")
        print()

    talib = med.get("BM_TaLib_All")
    cmf = med.get("BM_Profile_CMF")
    print("| Benchmark | Median CPU (µs) | cv | / TA-Lib all | less CMF, / TA-Lib all |")
    print("|---|---:|---:|---:|---:|")
    for name in ["BM_Profile_Classic", "BM_Profile_Standard", "BM_Profile_CMF", "BM_Standard_All", "BM_TaLib_All",
                 "BM_Analyze250_Classic", "BM_Analyze250_Standard"]:
        if name not in med:
            continue
        t = med[name]
        ratio = f"{t / talib:.2f}" if talib and name.startswith("BM_Profile_") and name != "BM_Profile_CMF" else ""
        less = f"{(t - cmf) / talib:.2f}" if ratio and cmf is not None else ""
        print(f"| {name[3:]} | {t:.2f} | {cv_text(cvs, name)} | {ratio} | {less} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
