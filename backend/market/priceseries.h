#pragma once

#include <QString>
#include <QStringList>

#include "backend/analysis/bars.h"

namespace thetool::market {

// Bars for an analysis with where they came from: `dataSource` is the real source of the
// bars ("yahoo", "csv", "demo"), recorded on the result with `isDemo`.
struct PriceSeries {
    analysis::Bars bars;
    QString dataSource;
    bool isDemo = false;
    bool refreshed = false; // fetched from the provider just now
    QStringList warnings; // e.g. a failed refresh that fell back to stored bars
    QString error; // empty on success
    bool stopped = false; // the caller's ShouldStop aborted the fetch

    bool ok() const { return error.isEmpty(); }
};

} // namespace thetool::market
