#include "backend/market/marketdataservice.h"

#include "backend/market/yahoochartclient.h"

namespace thetool::market {

MarketDataService::MarketDataService(const MarketDataOptions &options)
    : m_options(options)
{
    m_thread.setObjectName(QStringLiteral("market-data"));
    m_client = new YahooChartClient(m_options);
    m_client->moveToThread(&m_thread);
    m_thread.start();
}

MarketDataService::~MarketDataService()
{
    QMetaObject::invokeMethod(
        m_client, [client = m_client] { client->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_client;
}

std::shared_ptr<PendingFetch> MarketDataService::fetch(
    const QString &symbol, const Period &period, const QDateTime &now)
{
    YahooChartClient *client = m_client;
    // Cancellation hops to the market-data thread, which owns the reply.
    auto pending = std::make_shared<PendingFetch>([client](std::weak_ptr<PendingFetch> weak) {
        QMetaObject::invokeMethod(client, [client, weak] {
            if (const auto p = weak.lock())
                client->abort(p.get());
        });
    });
    const QString trimmed = symbol.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 32) {
        FetchResult bad;
        bad.error = MarketDataError::make(
            MarketDataError::Kind::BadRequest, QStringLiteral("bad symbol '%1'").arg(trimmed.left(40)));
        pending->finish(bad);
        return pending;
    }
    QMetaObject::invokeMethod(
        client, [client, pending, trimmed, period, now] { client->enqueue(pending, trimmed, period, now); });
    return pending;
}

} // namespace thetool::market
