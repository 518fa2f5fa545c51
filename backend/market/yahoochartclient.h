#pragma once

#include <QDateTime>
#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QUrl>

#include <deque>
#include <memory>

#include "backend/market/marketdataoptions.h"
#include "backend/market/pendingfetch.h"
#include "backend/market/period.h"

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace thetool::market {

// The Yahoo Finance chart-API client. Lives on the market-data thread (MarketDataService)
// and never blocks: requests are queued, at most maxConcurrent are in flight, a 429 pauses
// the queue (backoff), and each request has its own timer. A request that fails in transit
// (timeout, network, 5xx, malformed body) is retried once for retryPeriod with
// retryTimeoutMs; an answer (unknown symbol, no data, 429) is not retried.
class YahooChartClient : public QObject
{
    Q_OBJECT

public:
    explicit YahooChartClient(const MarketDataOptions &options, QObject *parent = nullptr);
    ~YahooChartClient() override;

    // The chart URL for `symbol` over [start 00:00 UTC, end + 1 day 00:00 UTC).
    static QUrl chartUrl(const QString &baseUrl, const QString &symbol, const QDate &start, const QDate &end);

    // Market-data thread only.
    void enqueue(const std::shared_ptr<PendingFetch> &pending, const QString &symbol, const Period &period,
        const QDateTime &now);
    void abort(PendingFetch *pending);
    void shutdown();

private:
    struct Request {
        std::shared_ptr<PendingFetch> pending;
        QString symbol;
        Period period;
        QDateTime now;
        int attempt = 0;
        bool timedOut = false;
        QTimer *timer = nullptr;
    };

    void pump();
    void send(QNetworkReply *&reply, Request &request);
    void start(Request request);
    void onFinished(QNetworkReply *reply);
    void complete(Request &request, FetchResult result);

    MarketDataOptions m_options;
    QNetworkAccessManager *m_network = nullptr;
    std::deque<Request> m_queue;
    QHash<QNetworkReply *, Request> m_active;
    QDeadlineTimer m_backoffUntil;
    int m_consecutive429 = 0;
    QTimer *m_backoffTimer = nullptr;
};

} // namespace thetool::market
