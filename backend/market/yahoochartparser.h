#pragma once

#include <QByteArray>
#include <QString>

#include "backend/analysis/bars.h"
#include "backend/market/marketdataerror.h"

namespace thetool::market {

// Bars fetched from a provider, or why not.
struct FetchResult {
    analysis::Bars bars;
    MarketDataError error;
    QString source; // "yahoo"
    int attempts = 0; // requests made (1, or 2 after the retry)

    bool ok() const { return error.ok(); }
};

// Parses a Yahoo Finance chart-API body (`/v8/finance/chart/{symbol}`) of HTTP status
// `httpStatus` into adjusted daily bars: O/H/L/C scaled by adjclose/close (so C = adjclose;
// volume as reported), dates in the exchange's local time (meta.gmtoffset), rows without all
// four prices dropped, a repeated date keeping its last row. The error names the symbol: unknown
// symbol, no data, or a malformed body. Pure: safe on any bytes (fuzzed).
FetchResult parseYahooChart(const QByteArray &body, int httpStatus, const QString &symbol);

} // namespace thetool::market
