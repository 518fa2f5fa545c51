#!/usr/bin/env python3
"""Deterministic OHLCV fixtures for the `standard` (TA-Lib) profile tests.

Writes tests/data/golden/standard/inputs/*.csv (date,open,high,low,close,volume; prices with two
decimals so every reader parses the same doubles). Python 3 standard library only; no dependency
on Python's `random`, so the output is identical on every version: a SplitMix64 generator, uniform
doubles from its top 53 bits, and Box-Muller normals.

Usage: scripts/gen_standard_fixtures.py [OUTPUT_DIR]
"""

import datetime
import math
import os
import sys

MASK64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def uniform(self):
        # In (0, 1): never 0, so log() below is defined.
        return ((self.next_u64() >> 11) + 0.5) / float(1 << 53)

    def normal(self):
        u1, u2 = self.uniform(), self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def business_days(count, start=datetime.date(2022, 1, 3)):
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day.isoformat())
        day += datetime.timedelta(days=1)
    return days


def r2(x):
    return round(x, 2)


def walk_bar(rng, prev_close, vol=0.015, open_factor=1.0):
    """One bar of a random walk: open near the previous close (times open_factor for gaps)."""
    open_ = prev_close * open_factor * (1.0 + 0.003 * rng.normal())
    close = open_ * math.exp(vol * rng.normal())
    high = max(open_, close) * (1.0 + abs(0.006 * rng.normal()))
    low = min(open_, close) * (1.0 - abs(0.006 * rng.normal()))
    o, c = r2(open_), r2(close)
    h, l = max(r2(high), o, c), min(r2(low), o, c)
    volume = int(1_000_000 * math.exp(0.4 * rng.normal()))
    return [o, h, l, c, volume]


def random_walk(n, seed, start=100.0, gaps=None, zero_volume=None, flat=None):
    """gaps: {bar: factor}; zero_volume: set of bars; flat: set of bars where O=H=L=C."""
    rng = SplitMix64(seed)
    bars, close = [], start
    for i in range(n):
        factor = (gaps or {}).get(i, 1.0)
        bar = walk_bar(rng, close, open_factor=factor)
        if flat and i in flat:
            p = r2(close) if i > 0 else r2(start)
            bar = [p, p, p, p, bar[4]]
        if zero_volume and i in zero_volume:
            bar[4] = 0
        bars.append(bar)
        close = bar[3]
    return bars


def runs(*ranges):
    return {i for a, b in ranges for i in range(a, b)}


def fixtures():
    return {
        "rw_60_s1": random_walk(60, 1, start=100.0),
        "rw_250_s2": random_walk(250, 2, start=1180.0),
        "rw_2520_s3": random_walk(2520, 3, start=45.0),
        # Flat stretches (no range, no change) at the start, in the middle and at the end:
        # 0/0 cases in RSI, ADX/DI, stochastic, Williams %R, CCI and Bollinger.
        "flat_runs_300": random_walk(300, 4, start=50.0, flat=runs((0, 30), (100, 140), (270, 300))),
        # Zero volume runs, including the first bar.
        "zero_volume_250": random_walk(250, 5, start=320.0, zero_volume=runs((0, 5), (60, 90), (200, 215))),
        # A 40 % gap down at bar 150 and a 40 % gap up at bar 120.
        "gap_down_40_250": random_walk(250, 6, start=550.0, gaps={150: 0.6}),
        "gap_up_40_250": random_walk(250, 7, start=75.0, gaps={120: 1.4}),
        # Shorter than most lookbacks: only OBV, SAR and a few values are defined.
        "short_20": random_walk(20, 8, start=10.0),
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests/data/golden/standard/inputs")
    os.makedirs(out, exist_ok=True)
    for name, bars in fixtures().items():
        dates = business_days(len(bars))
        with open(os.path.join(out, name + ".csv"), "w", newline="\n") as f:
            f.write("date,open,high,low,close,volume\n")
            for d, (o, h, l, c, v) in zip(dates, bars):
                f.write(f"{d},{o:.2f},{h:.2f},{l:.2f},{c:.2f},{v}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
