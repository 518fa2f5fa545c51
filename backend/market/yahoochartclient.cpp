#include "backend/market/yahoochartclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

#include "backend/market/yahoochartparser.h"

namespace thetool::market {

namespace {

using Kind = MarketDataError::Kind;

FetchResult failure(Kind kind, const QString &message)
{
    FetchResult result;
    result.error = MarketDataError::make(kind, message);
    return result;
}

} // namespace

YahooChartClient::YahooChartClient(const MarketDataOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{ }

YahooChartClient::~YahooChartClient() = default;

QUrl YahooChartClient::chartUrl(
    const QString &baseUrl, const QString &symbol, const QDate &start, const QDate &end)
{
    QString base = baseUrl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    // `&` (M&M.NS) and anything else outside the unreserved set travel percent-encoded.
    QUrl url(
        base + QStringLiteral("/v8/finance/chart/") + QString::fromLatin1(QUrl::toPercentEncoding(symbol)),
        QUrl::StrictMode);
    QUrlQuery query;
    query.addQueryItem(
        QStringLiteral("period1"), QString::number(start.startOfDay(Qt::UTC).toSecsSinceEpoch()));
    query.addQueryItem(
        QStringLiteral("period2"), QString::number(end.addDays(1).startOfDay(Qt::UTC).toSecsSinceEpoch()));
    query.addQueryItem(QStringLiteral("interval"), QStringLiteral("1d"));
    query.addQueryItem(QStringLiteral("includeAdjustedClose"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("events"), QStringLiteral("div,splits"));
    url.setQuery(query);
    return url;
}

void YahooChartClient::enqueue(const std::shared_ptr<PendingFetch> &pending, const QString &symbol,
    const Period &period, const QDateTime &now)
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_backoffTimer = new QTimer(this);
        m_backoffTimer->setSingleShot(true);
        connect(m_backoffTimer, &QTimer::timeout, this, &YahooChartClient::pump);
    }
    m_queue.push_back(Request {pending, symbol, period, now, 0, false, nullptr});
    pump();
}

void YahooChartClient::pump()
{
    while (!m_queue.empty() && m_active.size() < m_options.maxConcurrent) {
        if (!m_backoffUntil.hasExpired()) {
            m_backoffTimer->start(static_cast<int>(std::max<qint64>(1, m_backoffUntil.remainingTime())));
            return;
        }
        Request request = std::move(m_queue.front());
        m_queue.pop_front();
        if (request.pending->isCancelled()) {
            request.pending->finish(failure(Kind::Cancelled, QStringLiteral("fetch cancelled")));
            continue;
        }
        start(std::move(request));
    }
}

void YahooChartClient::start(Request request)
{
    QNetworkReply *reply = nullptr;
    send(reply, request);
    m_active.insert(reply, std::move(request));
}

void YahooChartClient::send(QNetworkReply *&reply, Request &request)
{
    ++request.attempt;
    const bool retry = request.attempt > 1;
    const Period period = retry
        ? Period::parse(m_options.retryPeriod).value_or(Period {100, Period::Unit::Days})
        : request.period;
    const QDate end = request.now.toUTC().date();
    QNetworkRequest networkRequest(chartUrl(m_options.baseUrl, request.symbol, period.startFor(end), end));
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader, m_options.userAgent);
    networkRequest.setRawHeader("Accept", "application/json");
    networkRequest.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    // TLS: Qt verifies the peer by default; nothing here relaxes it.
    reply = m_network->get(networkRequest);
    request.timedOut = false;
    if (!request.timer) {
        request.timer = new QTimer(this);
        request.timer->setSingleShot(true);
    }
    request.timer->disconnect();
    connect(request.timer, &QTimer::timeout, reply, [this, reply] {
        const auto it = m_active.find(reply);
        if (it != m_active.end())
            it->timedOut = true;
        reply->abort();
    });
    request.timer->start(retry ? m_options.retryTimeoutMs : m_options.timeoutMs);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void YahooChartClient::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    auto it = m_active.find(reply);
    if (it == m_active.end())
        return;
    Request request = std::move(*it);
    m_active.erase(it);
    request.timer->stop();

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString host = QUrl(m_options.baseUrl).host();
    const int timeoutSeconds = (request.attempt > 1 ? m_options.retryTimeoutMs : m_options.timeoutMs) / 1000;
    FetchResult result;
    if (request.pending->isCancelled()) {
        result = failure(Kind::Cancelled, QStringLiteral("fetch of %1 cancelled").arg(request.symbol));
    } else if (request.timedOut) {
        result = failure(Kind::Timeout,
            QStringLiteral("%1 did not answer for %2 within %3 s")
                .arg(host, request.symbol)
                .arg(timeoutSeconds));
    } else if (status == 429) {
        ++m_consecutive429;
        qint64 pauseMs = std::min<qint64>(
            m_options.backoffMaxMs, qint64(m_options.backoffInitialMs) << std::min(m_consecutive429 - 1, 16));
        bool ok = false;
        const int retryAfter = reply->rawHeader("Retry-After").trimmed().toInt(&ok);
        if (ok && retryAfter >= 0)
            pauseMs = std::min<qint64>(m_options.backoffMaxMs, qint64(retryAfter) * 1000);
        m_backoffUntil.setRemainingTime(pauseMs);
        result = failure(Kind::RateLimited,
            QStringLiteral("%1 refused %2 with HTTP 429 (rate limited); pausing requests for %3 s")
                .arg(host, request.symbol)
                .arg(pauseMs / 1000.0));
    } else if (status == 0) {
        result = failure(Kind::Network,
            QStringLiteral("cannot reach market data provider %1: %2").arg(host, reply->errorString()));
    } else if (status != 404 && (status < 200 || status >= 300)) {
        result = failure(Kind::Http,
            QStringLiteral("%1 answered HTTP %2 for %3").arg(host).arg(status).arg(request.symbol));
    } else {
        result = parseYahooChart(reply->readAll(), status, request.symbol);
    }
    if (result.error.kind != Kind::RateLimited && status != 0)
        m_consecutive429 = 0;

    if (result.error.isRetryable() && request.attempt == 1 && !request.pending->isCancelled()) {
        QNetworkReply *next = nullptr;
        send(next, request);
        m_active.insert(next, std::move(request));
        return;
    }
    complete(request, std::move(result));
    pump();
}

void YahooChartClient::complete(Request &request, FetchResult result)
{
    result.attempts = request.attempt;
    if (result.ok())
        result.source = QStringLiteral("yahoo");
    if (request.timer)
        request.timer->deleteLater(); // we may be inside its timeout signal
    request.timer = nullptr;
    request.pending->finish(std::move(result));
}

void YahooChartClient::abort(PendingFetch *pending)
{
    for (auto it = m_active.begin(); it != m_active.end(); ++it) {
        if (it->pending.get() == pending) {
            it.key()->abort(); // onFinished reports Cancelled
            return;
        }
    }
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (it->pending.get() == pending) {
            it->pending->finish(
                failure(Kind::Cancelled, QStringLiteral("fetch of %1 cancelled").arg(it->symbol)));
            m_queue.erase(it);
            return;
        }
    }
}

void YahooChartClient::shutdown()
{
    for (Request &request : m_queue)
        request.pending->finish(failure(Kind::Cancelled, QStringLiteral("market data service stopped")));
    m_queue.clear();
    const auto active = m_active.keys();
    for (QNetworkReply *reply : active) {
        Request request = m_active.take(reply);
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        complete(request, failure(Kind::Cancelled, QStringLiteral("market data service stopped")));
    }
    delete m_network;
    m_network = nullptr;
}

} // namespace thetool::market
