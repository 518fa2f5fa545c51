#pragma once

#include <QCommandLineParser>

#include "backend/market/priceseries.h"

namespace thetool::app {

// The options that select a symbol's bars, shared by `bars` and `analyze --ticker`:
// --<symbolOption> T, --period (default 1y), --demo, --offline, --as-of YYYY-MM-DD (the clock
// for demo data and staleness).
void addSeriesOptions(QCommandLineParser &parser, const QString &symbolOption);
// Loads the bars those options select (demo, or the store refreshed from the provider);
// prints one error line prefixed `command` and returns the exit code on failure.
int loadSeries(const QCommandLineParser &parser, const QString &symbolOption, const QString &command,
    QString *symbol, market::PriceSeries *series);

} // namespace thetool::app
