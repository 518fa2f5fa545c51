#pragma once

#include <QString>

namespace thetool::market {

// What the market-data layer needs; the defaults are spec §8.2's.
struct MarketDataOptions {
    QString baseUrl = QStringLiteral("https://query1.finance.yahoo.com"); // MARKET_DATA_URL
    int timeoutMs = 10000; // the first request
    QString retryPeriod = QStringLiteral("100d"); // the one retry asks for less ...
    int retryTimeoutMs = 5000; // ... and waits less
    int maxConcurrent = 2; // requests in flight toward the provider, per process
    int backoffInitialMs = 2000; // pause after a 429 (doubles per consecutive 429; Retry-After wins)
    int backoffMaxMs = 60000;
    qint64 maxImportRows = 1000000; // MAX_IMPORT_ROWS
    QString userAgent = QStringLiteral(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36");
};

// Checks a MARKET_DATA_URL value: an http(s) URL with a host and no query. Empty when fine.
QString checkMarketDataUrl(const QString &url);

// MARKET_DATA_URL and MAX_IMPORT_ROWS from the environment (for the command line); a bad
// value sets `error` to one line naming the variable.
MarketDataOptions marketDataOptionsFromEnvironment(QString *error);

} // namespace thetool::market
