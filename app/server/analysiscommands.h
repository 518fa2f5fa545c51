#pragma once

#include <QStringList>

namespace thetool::app {

// `thetool indicators`: per-bar indicator series of a CSV file (cmd_indicators.cpp).
int runIndicators(const QStringList &args);
// `thetool analyze`: the analysis result of a CSV file as JSON (cmd_analyze.cpp).
int runAnalyze(const QStringList &args);
// `thetool backtest`: the backtest of a strategy on a CSV file as JSON (cmd_backtest.cpp).
int runBacktest(const QStringList &args);

} // namespace thetool::app
