#pragma once

#include <QDateTime>
#include <QString>

#include "backend/analysis/bars.h"
#include "backend/market/period.h"

namespace thetool::market {

// Deterministic demo bars (spec §8.2 demo mode) for offline use. The same ticker, period and
// clock give the same bars, bit for bit, in every run and process:
// - seed = FNV-1a 64 of the upper-cased ticker (UTF-8) mod 2^32; base = 100 + seed mod 1000;
// - DemoRandom(seed) draws, in this order: N daily returns ~ N(0.001, 0.02), N high noises
//   and N low noises ~ N(0, 0.01), N volumes uniform in [1e6, 1e7) (floor(1e6 + 9e6 u));
// - close = base * exp(cumulative return); high = close (1 + |h|); low = close (1 - |l|);
//   open = previous close (the first open = its close);
// - dates: the N trading days (TradingCalendar) ending at the last one on or before `now`'s
//   IST date. (The original used calendar days; trading days keep the bars plausible.)
// N = period.demoRows().
analysis::Bars generateDemoBars(const QString &ticker, const Period &period, const QDateTime &now);

// The seed of a ticker (exposed for tests and documentation).
std::uint32_t demoSeed(const QString &ticker);

} // namespace thetool::market
