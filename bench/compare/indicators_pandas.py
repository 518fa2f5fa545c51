#!/usr/bin/python3
"""The classic indicator formulas (spec section 8.5, backend/analysis/classicindicators.cpp)
written with pandas as the original service computed them, timed on the same bars as
bench_analysis' BM_Profile_Classic (tests/data/golden/standard/inputs/rw_2520_s3.csv).

Usage: indicators_pandas.py CSV [repetitions]   -> one JSON line: median and min in us.
"""
import json
import sys
import time

import numpy as np
import pandas as pd


def psar(high, low, close, af_start=0.02, af_step=0.02, af_max=0.2):
    n = len(close)
    out = np.full(n, np.nan)
    bull_out = np.full(n, np.nan)
    if n == 0:
        return out, bull_out
    sar, bull, af = close[0], True, af_start
    hp, lp = high[0], low[0]
    out[0], bull_out[0] = sar, 1.0
    for i in range(1, n):
        if bull:
            sar = sar + af * (hp - sar)
            if low[i] < sar:
                bull, sar, lp, af = False, hp, low[i], af_start
        else:
            sar = sar + af * (lp - sar)
            if high[i] > sar:
                bull, sar, hp, af = True, lp, high[i], af_start
        if bull and high[i] > hp:
            hp, af = high[i], min(af + af_step, af_max)
        elif not bull and low[i] < lp:
            lp, af = low[i], min(af + af_step, af_max)
        out[i], bull_out[i] = sar, 1.0 if bull else 0.0
    return out, bull_out


def indicators(df):
    high, low, close, volume = df["high"], df["low"], df["close"], df["volume"]
    out = {}
    delta = close.diff()
    gain = delta.clip(lower=0)
    loss = -delta.clip(upper=0)
    rs = gain.rolling(14).mean() / loss.rolling(14).mean()
    out["rsi"] = (100 - 100 / (1 + rs)).clip(0, 100)

    fast = close.ewm(span=12, adjust=False).mean()
    slow = close.ewm(span=26, adjust=False).mean()
    out["macd"] = fast - slow
    out["macd_signal"] = out["macd"].ewm(span=9, adjust=False).mean()
    out["macd_hist"] = out["macd"] - out["macd_signal"]

    prev_close = close.shift(1)
    tr = pd.concat([high - low, (high - prev_close).abs(), (low - prev_close).abs()], axis=1).max(axis=1, skipna=False)
    up = high.diff()
    down = -low.diff()
    plus_dm = up.where((up > down) & (up > 0), 0.0)
    minus_dm = down.where((down > up) & (down > 0), 0.0)
    tr_avg = tr.ewm(alpha=1 / 14, adjust=False).mean()
    plus_di = 100 * plus_dm.ewm(alpha=1 / 14, adjust=False).mean() / tr_avg
    minus_di = 100 * minus_dm.ewm(alpha=1 / 14, adjust=False).mean() / tr_avg
    dx = 100 * (plus_di - minus_di).abs() / (plus_di + minus_di + 1e-10)
    out["adx"] = dx.ewm(alpha=1 / 14, adjust=False).mean().fillna(0)
    out["plus_di"], out["minus_di"] = plus_di.fillna(0), minus_di.fillna(0)

    out["psar"], out["psar_bull"] = psar(high.to_numpy(), low.to_numpy(), close.to_numpy())

    out["ema_50"] = close.ewm(span=50, adjust=False).mean()
    out["ema_200"] = close.ewm(span=200, adjust=False).mean()

    lowest = low.rolling(14).min()
    highest = high.rolling(14).max()
    raw_k = 100 * (close - lowest) / (highest - lowest).replace(0, np.nan)
    out["stoch_k"] = raw_k.rolling(3).mean()
    out["stoch_d"] = out["stoch_k"].rolling(3).mean()

    tp = (high + low + close) / 3
    mad = tp.rolling(20).apply(lambda x: np.mean(np.abs(x - np.mean(x))), raw=True)
    out["cci"] = (tp - tp.rolling(20).mean()) / (0.015 * mad)

    out["williams_r"] = -100 * (highest - close) / (highest - lowest)

    tr_first = tr.copy()
    tr_first.iloc[0] = high.iloc[0] - low.iloc[0]
    out["atr"] = tr_first.rolling(14).mean()

    mid = close.rolling(20).mean()
    sd = close.rolling(20).std()
    out["bb_middle"], out["bb_upper"], out["bb_lower"] = mid, mid + 2 * sd, mid - 2 * sd

    direction = np.sign(close.diff()).fillna(0)
    out["obv"] = (direction * volume).cumsum()

    rng = (high - low).replace(0, np.nan)
    flow = ((close - low) - (high - close)) / rng * volume
    vol_sum = volume.rolling(20).sum()
    out["cmf"] = flow.rolling(20).sum() / vol_sum.replace(0, np.nan)
    return out


def main():
    df = pd.read_csv(sys.argv[1])
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    indicators(df)  # warm up (imports, caches)
    times = []
    for _ in range(reps):
        t0 = time.process_time()
        indicators(df)
        times.append((time.process_time() - t0) * 1e6)
    times.sort()
    print(json.dumps({"bars": len(df), "repetitions": reps, "median_us": times[len(times) // 2],
                      "min_us": times[0], "pandas": pd.__version__, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
