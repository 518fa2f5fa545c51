#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

#include "client/api/analyzerequest.h"
#include "client/api/apikeyinfo.h"
#include "client/api/apiresult.h"
#include "client/api/backtestresult.h"
#include "client/api/databasestatus.h"
#include "client/api/jobactionresult.h"
#include "client/api/jobdetail.h"
#include "client/api/jobevent.h"
#include "client/api/jobfilter.h"
#include "client/api/joblogpage.h"
#include "client/api/jobpage.h"
#include "client/api/jobstatus.h"
#include "client/api/serverlogpage.h"
#include "client/api/stockbars.h"
#include "client/api/tickerreport.h"
#include "client/api/watchlistpage.h"
#include "client/api/workerlist.h"
#include "client/healthinfo.h"

class QNetworkAccessManager;

namespace thetool::client {

// Per call: 0 keeps the client's default timeout.
struct CallOptions {
    int timeoutMs = 0;
};

// The one HTTP client of the console, for the embedded server and remote deployments
// alike (one code path). It lives on the thread that creates it (the GUI thread) and owns
// its QNetworkAccessManager there.
//
// Asynchronous API, ONE style throughout: every call takes a context object and a
// callback, and returns a CallId. The callback runs once, on this object's thread, with an
// ApiResult<T> (the typed answer or an ApiClientError) — unless the context was destroyed,
// the call was cancel()led, or setServer() switched servers first: then it never runs.
//
// Transport: no proxy for loopback hosts (a system proxy must not see the embedded
// server's key), TLS for https:// URLs, the key in the `X-API-Key` header, and a deadline
// per call (CallOptions::timeoutMs, else defaultTimeout()).
class ApiClient : public QObject
{
    Q_OBJECT
public:
    template<class T> using Callback = std::function<void(const ApiResult<T> &)>;
    using CallId = quint64;

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    // Switches to another server (drops every call in flight without calling back).
    void setServer(const QUrl &baseUrl, const QString &apiKey);
    QUrl baseUrl() const { return m_baseUrl; }
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }
    // "host:port" of the server, as error messages name it.
    QString address() const;
    static bool isLoopbackHost(const QString &host);

    void setDefaultTimeout(int ms) { m_defaultTimeoutMs = ms; }
    int defaultTimeout() const { return m_defaultTimeoutMs; }

    // Drops a call: its callback will not run. Unknown or finished ids are ignored.
    void cancel(CallId id);
    void cancelAll();
    int callsInFlight() const { return int(m_calls.size()); }

    // GET /health (public). A 503 whose body is a health document is a result (status
    // "error", httpStatus 503), not an error: the dashboard shows what failed.
    CallId health(QObject *context, Callback<HealthInfo> done, CallOptions options = {});
    // GET /api/jobs with filters and keyset cursor.
    CallId jobs(const JobFilter &filter, QObject *context, Callback<JobPage> done, CallOptions options = {});
    // GET /api/jobs/{id}.
    CallId job(const QString &jobId, QObject *context, Callback<JobDetail> done, CallOptions options = {});
    // GET /api/jobs/{id}/logs?after=&limit= (limit 0: the server's default).
    CallId jobLogs(const QString &jobId, qint64 after, int limit, QObject *context, Callback<JobLogPage> done,
        CallOptions options = {});
    // POST /api/jobs/{id}/cancel (409 Conflict for a finished job).
    CallId cancelJob(
        const QString &jobId, QObject *context, Callback<JobActionResult> done, CallOptions options = {});
    // POST /api/jobs/{id}/retry (409 Conflict while it is active); the result names the new job.
    CallId retryJob(
        const QString &jobId, QObject *context, Callback<JobActionResult> done, CallOptions options = {});
    // GET /api/workers.
    CallId workers(QObject *context, Callback<WorkerList> done, CallOptions options = {});
    // GET /api/logs (this instance's log ring). A FOREIGN_CURSOR error means: start again
    // without `after` (another instance, or the server restarted).
    CallId serverLogs(
        const LogQuery &query, QObject *context, Callback<ServerLogPage> done, CallOptions options = {});
    // POST /api/analysis/analyze.
    CallId analyze(const AnalyzeRequest &request, QObject *context, Callback<AnalyzeResponse> done,
        CallOptions options = {});
    // GET /api/analysis/status/{id}.
    CallId analysisStatus(
        const QString &jobId, QObject *context, Callback<JobStatus> done, CallOptions options = {});
    // GET /api/events/poll?after=&limit=&job_id= (limit 0: the server's default).
    CallId pollEvents(qint64 after, int limit, const QString &jobId, QObject *context,
        Callback<EventPage> done, CallOptions options = {});

    // GET /api/analysis/report/{ticker} (404 when the ticker has no stored analysis).
    CallId report(
        const QString &ticker, QObject *context, Callback<TickerReport> done, CallOptions options = {});
    // GET /api/stocks/{symbol}/bars?period= (period empty: the server's default, 1y).
    CallId stockBars(const QString &symbol, const QString &period, QObject *context, Callback<StockBars> done,
        CallOptions options = {});
    // GET /api/watchlist; collectionId nullopt: every collection; 0: the Default list.
    CallId watchlist(std::optional<qint64> collectionId, QObject *context, Callback<WatchlistPage> done,
        CallOptions options = {});
    // POST /api/watchlist (the Default list); name empty: the universe's name.
    CallId addToWatchlist(const QString &symbol, const QString &name, QObject *context,
        Callback<WatchlistItem> done, CallOptions options = {});
    // GET /api/watchlist-collections.
    CallId collections(QObject *context, Callback<CollectionList> done, CallOptions options = {});
    // POST /api/watchlist-collections.
    CallId createCollection(const QString &name, const QString &description, QObject *context,
        Callback<WatchlistCollection> done, CallOptions options = {});
    // GET /api/admin/api-keys (admin).
    CallId apiKeys(QObject *context, Callback<ApiKeyList> done, CallOptions options = {});
    // POST /api/admin/api-keys (admin): the answer holds the key, shown once.
    CallId createApiKey(const QString &name, const QStringList &scopes, QObject *context,
        Callback<ApiKeyInfo> done, CallOptions options = {});
    // DELETE /api/admin/api-keys/{id} (admin).
    CallId revokeApiKey(qint64 id, QObject *context, Callback<ApiKeyInfo> done, CallOptions options = {});
    // GET /api/admin/db/status and /api/admin/db/tables (admin).
    CallId databaseStatus(QObject *context, Callback<DatabaseStatus> done, CallOptions options = {});
    CallId databaseTables(QObject *context, Callback<DatabaseTables> done, CallOptions options = {});
    // GET /api/backtest/ticker/{ticker}?days=&strategy_id= (0: the server's defaults).
    CallId backtestTicker(const QString &ticker, int days, int strategyId, QObject *context,
        Callback<BacktestResult> done, CallOptions options = {});

    // Any other route, answered as JSON (a typed DTO is better where one exists).
    CallId requestJson(const QByteArray &method, const QString &path, const QUrlQuery &query,
        const QJsonDocument &body, QObject *context, Callback<QJsonDocument> done, CallOptions options = {});

    // An open-ended GET for a stream (the SSE reader): no deadline, the key header, no
    // proxy for loopback. The caller owns the reply (it is parented to nothing).
    QNetworkReply *openStream(const QString &path, const QUrlQuery &query,
        const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    // The error of a finished (or failed) reply, mapped in the one place that maps errors.
    ApiClientError errorOf(QNetworkReply *reply, const QByteArray &body) const;

Q_SIGNALS:
    void serverChanged();

private:
    struct Raw {
        int status = 0;
        QByteArray body;
        std::optional<ApiClientError> error; // transport or HTTP error
        qint64 elapsedMs = 0;
    };
    using RawHandler = std::function<void(const Raw &)>;
    template<class T>
    using Parser = std::function<std::optional<T>(const QJsonDocument &, int status, QString *error)>;

    CallId send(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body,
        QObject *context, CallOptions options, RawHandler handler);
    QNetworkRequest makeRequest(const QString &path, const QUrlQuery &query) const;
    void finish(CallId id, QNetworkReply *reply);
    ApiClientError badResponse(const QString &why) const;

    template<class T>
    CallId call(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body,
        QObject *context, Callback<T> done, CallOptions options, Parser<T> parse)
    {
        return send(method, path, query, body, context, options,
            [this, done = std::move(done), parse = std::move(parse)](const Raw &raw) {
                if (raw.error) {
                    done(ApiResult<T>(*raw.error, raw.elapsedMs));
                    return;
                }
                QJsonParseError jsonError {};
                QJsonDocument doc;
                if (!raw.body.trimmed().isEmpty())
                    doc = QJsonDocument::fromJson(raw.body, &jsonError);
                if (jsonError.error != QJsonParseError::NoError) {
                    done(ApiResult<T>(
                        badResponse(
                            QStringLiteral("the answer is not JSON (%1)").arg(jsonError.errorString())),
                        raw.elapsedMs));
                    return;
                }
                QString why;
                std::optional<T> value = parse(doc, raw.status, &why);
                if (!value)
                    done(ApiResult<T>(badResponse(why), raw.elapsedMs));
                else
                    done(ApiResult<T>(std::move(*value), raw.elapsedMs));
            });
    }
    // The common case: a JSON object parsed by T::fromJson.
    template<class T>
    CallId callObject(const QByteArray &method, const QString &path, const QUrlQuery &query,
        const QByteArray &body, QObject *context, Callback<T> done, CallOptions options)
    {
        return call<T>(method, path, query, body, context, std::move(done), options,
            [](const QJsonDocument &doc, int, QString *why) -> std::optional<T> {
                if (!doc.isObject()) {
                    *why = QStringLiteral("the answer is not a JSON object");
                    return std::nullopt;
                }
                return T::fromJson(doc.object(), why);
            });
    }

    struct Pending {
        QPointer<QNetworkReply> reply;
        QPointer<QObject> context;
        RawHandler handler;
        qint64 startedMs = 0;
        int timeoutMs = 0;
        bool timedOut = false;
    };

    QNetworkAccessManager *m_manager;
    QUrl m_baseUrl;
    QString m_apiKey;
    int m_defaultTimeoutMs = 15000;
    QElapsedTimer m_clock;
    CallId m_nextId = 1;
    QHash<CallId, Pending> m_calls;
};

} // namespace thetool::client
