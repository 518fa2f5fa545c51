#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>
#include <QStringList>

#include "backend/analysis/bars.h"
#include "backend/analysis/indicatorseries.h"

namespace thetool::report {

// The per-bar table of `thetool indicators`: columns date,open,...,volume, then every
// indicator column; undefined values are empty (CSV) or null (JSON).
QStringList indicatorTableColumns();
QByteArray indicatorTableCsv(const analysis::Bars &bars, const analysis::IndicatorSeries &series);
QJsonDocument indicatorTableJson(const analysis::Bars &bars, const analysis::IndicatorSeries &series);

} // namespace thetool::report
