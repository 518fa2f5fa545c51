#include "client/api/apiclient.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTimer>

namespace thetool::client {

namespace {
Q_LOGGING_CATEGORY(lcApi, "thetool.client")

QString pathSegment(const QString &value)
{
    // A job id or ticker inside a path: "M&M.NS" must not end the path or open a query.
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

QString transportReason(QNetworkReply::NetworkError error, const QString &errorString)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("the server closed the connection");
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("TLS handshake failed: ") + errorString;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return QStringLiteral("proxy error: ") + errorString;
    default:
        return errorString;
    }
}
} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_manager(new QNetworkAccessManager(this))
{
    m_clock.start();
}

ApiClient::~ApiClient()
{
    cancelAll();
}

void ApiClient::setServer(const QUrl &baseUrl, const QString &apiKey)
{
    cancelAll();
    m_baseUrl = baseUrl;
    m_apiKey = apiKey;
    // Loopback never goes through a proxy: the embedded server's key stays on this machine.
    m_manager->setProxy(isLoopbackHost(baseUrl.host()) ? QNetworkProxy(QNetworkProxy::NoProxy)
                                                       : QNetworkProxy(QNetworkProxy::DefaultProxy));
    Q_EMIT serverChanged();
}

QString ApiClient::address() const
{
    const int defaultPort = m_baseUrl.scheme() == QLatin1String("https") ? 443 : 80;
    const QString host = m_baseUrl.host().contains(QLatin1Char(':'))
        ? QLatin1Char('[') + m_baseUrl.host() + QLatin1Char(']')
        : m_baseUrl.host();
    return host + QLatin1Char(':') + QString::number(m_baseUrl.port(defaultPort));
}

bool ApiClient::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

void ApiClient::cancel(CallId id)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    const QPointer<QNetworkReply> reply = it->reply;
    m_calls.erase(it); // first: abort() finishes the reply at once, and finish() ignores it
    if (reply) {
        reply->abort();
        reply->deleteLater();
    }
}

void ApiClient::cancelAll()
{
    const auto ids = m_calls.keys();
    for (CallId id : ids)
        cancel(id);
}

QNetworkRequest ApiClient::makeRequest(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "thetool-console");
    if (!m_apiKey.isEmpty())
        request.setRawHeader("X-API-Key", m_apiKey.toUtf8());
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    return request;
}

ApiClient::CallId ApiClient::send(const QByteArray &method, const QString &path, const QUrlQuery &query,
    const QByteArray &body, QObject *context, CallOptions options, RawHandler handler)
{
    QNetworkRequest request = makeRequest(path, query);
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_manager->sendCustomRequest(request, method, body);
    const CallId id = m_nextId++;
    Pending pending;
    pending.reply = reply;
    pending.context = context ? context : this;
    pending.handler = std::move(handler);
    pending.startedMs = m_clock.elapsed();
    pending.timeoutMs = options.timeoutMs > 0 ? options.timeoutMs : m_defaultTimeoutMs;
    m_calls.insert(id, std::move(pending));
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { finish(id, reply); });
    QTimer::singleShot(m_calls.value(id).timeoutMs, reply, [this, id, reply] {
        const auto it = m_calls.find(id);
        if (it == m_calls.end())
            return;
        it->timedOut = true;
        reply->abort(); // finished() follows at once
    });
    return id;
}

void ApiClient::finish(CallId id, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_calls.find(id);
    if (it == m_calls.end())
        return; // cancelled
    const Pending pending = *it;
    m_calls.erase(it);

    Raw raw;
    raw.elapsedMs = m_clock.elapsed() - pending.startedMs;
    raw.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    raw.body = reply->readAll();
    if (pending.timedOut) {
        ApiClientError e;
        e.kind = ApiClientError::Kind::Timeout;
        const int seconds = qMax(1, (pending.timeoutMs + 999) / 1000);
        e.message = QStringLiteral("cannot reach %1 (no answer within %2 s)").arg(address()).arg(seconds);
        raw.error = e;
        raw.status = 0;
    } else if (raw.status < 200 || raw.status > 299 || reply->error() != QNetworkReply::NoError) {
        raw.error = errorOf(reply, raw.body);
    }
    if (raw.error)
        qCDebug(lcApi).noquote() << reply->operation() << reply->url().path() << raw.error->toString();
    if (!pending.context)
        return; // the receiver is gone
    pending.handler(raw);
}

ApiClientError ApiClient::errorOf(QNetworkReply *reply, const QByteArray &body) const
{
    ApiClientError e;
    e.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    e.requestId = QString::fromLatin1(reply->rawHeader("X-Request-ID"));
    if (e.httpStatus == 0) {
        e.kind = reply->error() == QNetworkReply::OperationCanceledError ? ApiClientError::Kind::Cancelled
            : reply->error() == QNetworkReply::TimeoutError              ? ApiClientError::Kind::Timeout
                                                                         : ApiClientError::Kind::Network;
        e.message = QStringLiteral("cannot reach %1 (%2)")
                        .arg(address(), transportReason(reply->error(), reply->errorString()));
        return e;
    }
    e.kind = ApiClientError::kindForStatus(e.httpStatus);
    e.retryAfterSeconds = reply->rawHeader("Retry-After").trimmed().toInt();
    // {"error": {"code", "message", "details"}}; a few original routes send {"error": "text"}
    // or {"success": false, "error"} or {"message"}.
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonValue error = object.value(QStringLiteral("error"));
    if (error.isObject()) {
        const QJsonObject o = error.toObject();
        e.code = o.value(QStringLiteral("code")).toString();
        e.message = o.value(QStringLiteral("message")).toString();
        e.details = o.value(QStringLiteral("details")).toObject();
    } else if (error.isString()) {
        e.message = error.toString();
    } else if (object.value(QStringLiteral("message")).isString()) {
        e.message = object.value(QStringLiteral("message")).toString();
    }
    if (e.message.isEmpty()) {
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        e.message = QStringLiteral("HTTP %1%2 from %3")
                        .arg(e.httpStatus)
                        .arg(reason.isEmpty() ? QString() : QLatin1Char(' ') + reason, address());
    }
    if (e.httpStatus >= 200 && e.httpStatus <= 299) {
        // A 2xx that failed in transport (cut mid-body).
        e.kind = ApiClientError::Kind::Network;
        e.message = QStringLiteral("cannot reach %1 (%2)")
                        .arg(address(), transportReason(reply->error(), reply->errorString()));
    }
    return e;
}

ApiClientError ApiClient::badResponse(const QString &why) const
{
    ApiClientError e;
    e.kind = ApiClientError::Kind::BadResponse;
    e.message = QStringLiteral("unexpected answer from %1: %2").arg(address(), why);
    return e;
}

ApiClient::CallId ApiClient::health(QObject *context, Callback<HealthInfo> done, CallOptions options)
{
    return send("GET", QStringLiteral("/health"), {}, {}, context, options, [this, done](const Raw &raw) {
        const QJsonDocument doc = QJsonDocument::fromJson(raw.body);
        const bool healthBody = doc.isObject() && doc.object().value(QStringLiteral("status")).isString();
        if (raw.error && !(raw.status == 503 && healthBody)) {
            done(ApiResult<HealthInfo>(*raw.error, raw.elapsedMs));
            return;
        }
        if (!healthBody) {
            done(ApiResult<HealthInfo>(badResponse(QStringLiteral("no health document")), raw.elapsedMs));
            return;
        }
        HealthInfo info = HealthInfo::fromJson(doc.object());
        info.httpStatus = raw.status;
        done(ApiResult<HealthInfo>(info, raw.elapsedMs));
    });
}

ApiClient::CallId ApiClient::jobs(
    const JobFilter &filter, QObject *context, Callback<JobPage> done, CallOptions options)
{
    return callObject<JobPage>(
        "GET", QStringLiteral("/api/jobs"), filter.toQuery(), {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::job(
    const QString &jobId, QObject *context, Callback<JobDetail> done, CallOptions options)
{
    return callObject<JobDetail>(
        "GET", QStringLiteral("/api/jobs/") + pathSegment(jobId), {}, {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::jobLogs(const QString &jobId, qint64 after, int limit, QObject *context,
    Callback<JobLogPage> done, CallOptions options)
{
    QUrlQuery q;
    if (after > 0)
        q.addQueryItem(QStringLiteral("after"), QString::number(after));
    if (limit > 0)
        q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    return callObject<JobLogPage>("GET", QStringLiteral("/api/jobs/%1/logs").arg(pathSegment(jobId)), q, {},
        context, std::move(done), options);
}

ApiClient::CallId ApiClient::cancelJob(
    const QString &jobId, QObject *context, Callback<JobActionResult> done, CallOptions options)
{
    return callObject<JobActionResult>("POST", QStringLiteral("/api/jobs/%1/cancel").arg(pathSegment(jobId)),
        {}, QByteArrayLiteral("{}"), context, std::move(done), options);
}

ApiClient::CallId ApiClient::retryJob(
    const QString &jobId, QObject *context, Callback<JobActionResult> done, CallOptions options)
{
    return callObject<JobActionResult>("POST", QStringLiteral("/api/jobs/%1/retry").arg(pathSegment(jobId)),
        {}, QByteArrayLiteral("{}"), context, std::move(done), options);
}

ApiClient::CallId ApiClient::workers(QObject *context, Callback<WorkerList> done, CallOptions options)
{
    return callObject<WorkerList>(
        "GET", QStringLiteral("/api/workers"), {}, {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::serverLogs(
    const LogQuery &query, QObject *context, Callback<ServerLogPage> done, CallOptions options)
{
    return callObject<ServerLogPage>(
        "GET", QStringLiteral("/api/logs"), query.toQuery(), {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::analyze(
    const AnalyzeRequest &request, QObject *context, Callback<AnalyzeResponse> done, CallOptions options)
{
    return callObject<AnalyzeResponse>("POST", QStringLiteral("/api/analysis/analyze"), {},
        QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact), context, std::move(done), options);
}

ApiClient::CallId ApiClient::analysisStatus(
    const QString &jobId, QObject *context, Callback<JobStatus> done, CallOptions options)
{
    return callObject<JobStatus>("GET", QStringLiteral("/api/analysis/status/") + pathSegment(jobId), {}, {},
        context, std::move(done), options);
}

ApiClient::CallId ApiClient::pollEvents(qint64 after, int limit, const QString &jobId, QObject *context,
    Callback<EventPage> done, CallOptions options)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("after"), QString::number(qMax<qint64>(0, after)));
    if (limit > 0)
        q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!jobId.isEmpty())
        q.addQueryItem(QStringLiteral("job_id"), jobId);
    return callObject<EventPage>(
        "GET", QStringLiteral("/api/events/poll"), q, {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::report(
    const QString &ticker, QObject *context, Callback<TickerReport> done, CallOptions options)
{
    return callObject<TickerReport>("GET", QStringLiteral("/api/analysis/report/") + pathSegment(ticker), {},
        {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::stockBars(const QString &symbol, const QString &period, QObject *context,
    Callback<StockBars> done, CallOptions options)
{
    QUrlQuery q;
    if (!period.isEmpty())
        q.addQueryItem(QStringLiteral("period"), period);
    return callObject<StockBars>("GET", QStringLiteral("/api/stocks/%1/bars").arg(pathSegment(symbol)), q, {},
        context, std::move(done), options);
}

ApiClient::CallId ApiClient::watchlist(
    std::optional<qint64> collectionId, QObject *context, Callback<WatchlistPage> done, CallOptions options)
{
    QUrlQuery q;
    if (collectionId)
        q.addQueryItem(QStringLiteral("collection_id"),
            *collectionId > 0 ? QString::number(*collectionId) : QStringLiteral("default"));
    return callObject<WatchlistPage>(
        "GET", QStringLiteral("/api/watchlist"), q, {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::addToWatchlist(const QString &symbol, const QString &name, QObject *context,
    Callback<WatchlistItem> done, CallOptions options)
{
    QJsonObject body {{QStringLiteral("symbol"), symbol}};
    if (!name.isEmpty())
        body.insert(QStringLiteral("name"), name);
    return callObject<WatchlistItem>("POST", QStringLiteral("/api/watchlist"), {},
        QJsonDocument(body).toJson(QJsonDocument::Compact), context, std::move(done), options);
}

ApiClient::CallId ApiClient::collections(QObject *context, Callback<CollectionList> done, CallOptions options)
{
    return callObject<CollectionList>(
        "GET", QStringLiteral("/api/watchlist-collections"), {}, {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::createCollection(const QString &name, const QString &description,
    QObject *context, Callback<WatchlistCollection> done, CallOptions options)
{
    const QJsonObject body {{QStringLiteral("name"), name}, {QStringLiteral("description"), description}};
    return callObject<WatchlistCollection>("POST", QStringLiteral("/api/watchlist-collections"), {},
        QJsonDocument(body).toJson(QJsonDocument::Compact), context, std::move(done), options);
}

ApiClient::CallId ApiClient::apiKeys(QObject *context, Callback<ApiKeyList> done, CallOptions options)
{
    return callObject<ApiKeyList>(
        "GET", QStringLiteral("/api/admin/api-keys"), {}, {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::createApiKey(const QString &name, const QStringList &scopes, QObject *context,
    Callback<ApiKeyInfo> done, CallOptions options)
{
    const QJsonObject body {
        {QStringLiteral("name"), name}, {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)}};
    return callObject<ApiKeyInfo>("POST", QStringLiteral("/api/admin/api-keys"), {},
        QJsonDocument(body).toJson(QJsonDocument::Compact), context, std::move(done), options);
}

ApiClient::CallId ApiClient::revokeApiKey(
    qint64 id, QObject *context, Callback<ApiKeyInfo> done, CallOptions options)
{
    return callObject<ApiKeyInfo>("DELETE", QStringLiteral("/api/admin/api-keys/%1").arg(id), {}, {}, context,
        std::move(done), options);
}

ApiClient::CallId ApiClient::databaseStatus(
    QObject *context, Callback<DatabaseStatus> done, CallOptions options)
{
    return callObject<DatabaseStatus>(
        "GET", QStringLiteral("/api/admin/db/status"), {}, {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::databaseTables(
    QObject *context, Callback<DatabaseTables> done, CallOptions options)
{
    return callObject<DatabaseTables>(
        "GET", QStringLiteral("/api/admin/db/tables"), {}, {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::backtestTicker(const QString &ticker, int days, int strategyId, QObject *context,
    Callback<BacktestResult> done, CallOptions options)
{
    QUrlQuery q;
    if (days > 0)
        q.addQueryItem(QStringLiteral("days"), QString::number(days));
    if (strategyId > 0)
        q.addQueryItem(QStringLiteral("strategy_id"), QString::number(strategyId));
    return callObject<BacktestResult>("GET", QStringLiteral("/api/backtest/ticker/") + pathSegment(ticker), q,
        {}, context, std::move(done), options);
}

ApiClient::CallId ApiClient::requestJson(const QByteArray &method, const QString &path,
    const QUrlQuery &query, const QJsonDocument &body, QObject *context, Callback<QJsonDocument> done,
    CallOptions options)
{
    return call<QJsonDocument>(method, path, query,
        body.isNull() ? QByteArray() : body.toJson(QJsonDocument::Compact), context, std::move(done), options,
        [](const QJsonDocument &doc, int, QString *) -> std::optional<QJsonDocument> { return doc; });
}

QNetworkReply *ApiClient::openStream(
    const QString &path, const QUrlQuery &query, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request = makeRequest(path, query);
    request.setRawHeader("Accept", "text/event-stream");
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return m_manager->get(request);
}

} // namespace thetool::client
