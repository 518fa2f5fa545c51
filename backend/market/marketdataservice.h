#pragma once

#include <QDateTime>
#include <QString>
#include <QThread>

#include <memory>

#include "backend/market/marketdataoptions.h"
#include "backend/market/pendingfetch.h"
#include "backend/market/period.h"

namespace thetool::market {

class YahooChartClient;

// The market-data thread (DESIGN.md "Threads and connections"): one QThread with an event
// loop owning the one QNetworkAccessManager. Any thread may call fetch() and gets a
// PendingFetch to wait on with a deadline, or to cancel. One per process (the composition
// root makes it), so its concurrency limit and backoff are process-wide.
class MarketDataService
{
public:
    explicit MarketDataService(const MarketDataOptions &options);
    ~MarketDataService(); // cancels what is pending and joins the thread
    MarketDataService(const MarketDataService &) = delete;
    MarketDataService &operator=(const MarketDataService &) = delete;

    const MarketDataOptions &options() const { return m_options; }
    // Daily adjusted bars of `symbol` over `period` ending at `now`'s date.
    std::shared_ptr<PendingFetch> fetch(
        const QString &symbol, const Period &period, const QDateTime &now = QDateTime::currentDateTimeUtc());

private:
    MarketDataOptions m_options;
    QThread m_thread;
    YahooChartClient *m_client = nullptr;
};

} // namespace thetool::market
