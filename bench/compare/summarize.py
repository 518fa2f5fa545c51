#!/usr/bin/python3
"""Turns the raw outputs of scripts/bench-compare (one folder) into the Markdown tables of
docs/BENCHMARKS.md, with the ratios of this server to the better gunicorn configuration."""
import json
import os
import sys

out = sys.argv[1]
rows = {}
for line in open(os.path.join(out, "results.tsv")):
    label, endpoint, c, rps, p50, p99, peak, errors = line.rstrip("\n").split("\t")[0:3] + \
        line.rstrip("\n").split("\t")[3].split(" ", 4)
    rows[(label, endpoint, int(c))] = (float(rps or 0), float(p50 or 0), float(p99 or 0), int(peak), errors)

labels = ["thetool-sqlite", "thetool-pg", "gunicorn-2", "gunicorn-4"]
for endpoint in ("health", "status"):
    path = "/health" if endpoint == "health" else "/api/analysis/status/{id}"
    print(f"\n`GET {path}`: requests/s, p50 / p99 (ms)\n")
    print("| c | " + " | ".join(labels) + " | best thetool ÷ best gunicorn (req/s) |")
    print("|---:|" + "---:|" * (len(labels) + 1))
    for c in (1, 16, 64, 256):
        cells = []
        for label in labels:
            r = rows.get((label, endpoint, c))
            cells.append("—" if r is None else f"{r[0]:,.0f} ({r[1]:.2f} / {r[2]:.2f})")
        ours = max((rows.get((l, endpoint, c), (0,))[0] for l in labels[:2]), default=0)
        theirs = max((rows.get((l, endpoint, c), (0,))[0] for l in labels[2:]), default=0)
        ratio = f"{ours / theirs:.2f}×" if theirs else "—"
        print(f"| {c} | " + " | ".join(cells) + f" | {ratio} |")
    errors = [f"{k[0]} c={k[2]}: {v[4]}" for k, v in rows.items() if k[1] == endpoint and v[4] != "none"]
    if errors:
        print("\nwrk errors: " + "; ".join(errors))

print("\nMemory (VmRSS, MB; gunicorn = master + workers)\n")
print("| server | idle | peak under load (c=1..256) | after jobs |")
print("|---|---:|---:|---:|")
memory = {}
for line in open(os.path.join(out, "memory.tsv")):
    parts = line.rstrip("\n").split("\t")
    memory.setdefault(parts[0], {})[parts[1]] = parts[2:]
for name, label in (("sqlite", "thetool-sqlite"), ("postgres+redis", "thetool-pg"),
                    ("gunicorn-2", "gunicorn-2"), ("gunicorn-4", "gunicorn-4")):
    m = memory.get(name, {})
    idle = m.get("idle", ["0"])[0]
    peak = max((v[3] for k, v in rows.items() if k[0] == label), default=0)
    after = [f"{int(v[0]) / 1024:.1f} ({k}; {v[1] if len(v) > 1 else ''})" for k, v in m.items() if k.startswith("after")]
    print(f"| {label} | {int(idle) / 1024:.1f} | {peak / 1024:.1f} | {'; '.join(after) or '—'} |")

print("\nIndicators on 2,520 bars (CPU time per call, µs)\n")
pandas = json.load(open(os.path.join(out, "pandas.json")))
print(f"- pandas {pandas['pandas']} / numpy {pandas['numpy']}: median {pandas['median_us']:,.0f} µs "
      f"(min {pandas['min_us']:,.0f}) over {pandas['repetitions']} runs")
for name, note in (("classic.json", "as shipped"), ("classic-trim.json", "allocator keeping its pages")):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        continue
    bench = json.load(open(path))
    median = next(b for b in bench["benchmarks"] if b.get("aggregate_name") == "median")
    unit = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[median["time_unit"]]
    ours = median["cpu_time"] * unit
    print(f"- classic profile ({note}): median {ours:,.1f} µs → pandas ÷ ours = "
          f"{pandas['median_us'] / ours:,.1f}×")
