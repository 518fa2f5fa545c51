#pragma once

#include <QByteArray>
#include <QString>

namespace thetool::test {

// Yahoo chart-API JSON holding the deterministic demo bars of `symbol` (market::generateDemoBars)
// for the `tradingDays` sessions up to today, so a FakeChartServer can play the provider with a
// realistic year of data.
QByteArray demoChartJson(const QString &symbol, int tradingDays);

} // namespace thetool::test
