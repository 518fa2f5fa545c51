// The console's API client against real `thetool serve` processes (SQLite): every DTO parsed
// from the real server's answers with its fields checked; a wrong key, an unreachable
// address. (The Session and the event reader: tst_clientevents.cpp.)
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkProxyFactory>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>

#include "client/api/apiclient.h"
#include "client/api/eventstream.h"
#include "client/api/session.h"
#include "tests/api/serverprocess.h"
#include "tests/client/clienttestsupport.h"

using namespace thetool::client;
using thetool::test::ServerProcess;
using namespace thetool::test;

namespace {
constexpr int waitMs = clientWaitMs;
} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ApiClient> m_client;

    QString analyzeDemo(ApiClient &client, const QString &ticker)
    {
        return thetool::test::analyzeDemo(client, this, ticker);
    }

    // Polls the job's status until it finished (or the bound passed: then not finished).
    JobStatus waitFinished(const QString &jobId)
    {
        JobStatus last;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < waitMs) {
            const auto r = await<JobStatus>([&](auto done) { m_client->analysisStatus(jobId, this, done); });
            if (r.ok()) {
                last = r.value();
                if (last.isFinished())
                    break;
            }
            QTest::qWait(100);
        }
        return last;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
        m_client = std::make_unique<ApiClient>();
        m_client->setServer(urlOf(m_server->port()), m_server->masterKey());
    }

    void health()
    {
        const auto r = await<HealthInfo>([&](auto done) { m_client->health(this, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r->status, QStringLiteral("ok"));
        QVERIFY(r->isHealthy());
        QCOMPARE(r->httpStatus, 200);
        QCOMPARE(r->message, QStringLiteral("backend running"));
        QCOMPARE(r->database, QStringLiteral("connected"));
        QCOMPARE(r->authentication, QStringLiteral("enabled"));
        QCOMPARE(r->environment, QStringLiteral("production"));
        QVERIFY(!r->instance.isEmpty());
        QVERIFY(r->uptimeSeconds >= 0.0);
        QVERIFY2(r->majorVersion() >= 0, qPrintable(r->version));
        QVERIFY(r->version.startsWith(r->versionNumber()));
        QVERIFY(!r->cacheBackend.isEmpty());
        QVERIFY(r.elapsedMs() >= 0);
    }

    void wrongKeyIsUnauthorised()
    {
        ApiClient client;
        client.setServer(urlOf(m_server->port()), QStringLiteral("not-the-key-0123456789abcdef0123456789"));
        const auto r = await<JobPage>([&](auto done) { client.jobs({}, this, done); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiClientError::Kind::Unauthorised);
        QCOMPARE(r.error().httpStatus, 401);
        QVERIFY(!r.error().code.isEmpty());
        QVERIFY(!r.error().message.isEmpty());
        QVERIFY(r.error().toString().startsWith(QStringLiteral("Unauthorised (401 ")));

        // No key at all: the same.
        client.setServer(urlOf(m_server->port()), {});
        const auto none = await<WorkerList>([&](auto done) { client.workers(this, done); });
        QVERIFY(!none.ok());
        QCOMPARE(none.error().kind, ApiClientError::Kind::Unauthorised);

        // The Session reports it as its connection error (health itself is public).
        ApiClient sessionClient;
        Session session(sessionClient);
        QSignalSpy errors(&session, &Session::connectionError);
        session.connectTo(urlOf(m_server->port()), QStringLiteral("wrong-key"));
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), waitMs);
        QCOMPARE(errors.first().first().value<ApiClientError>().kind, ApiClientError::Kind::Unauthorised);
    }

    void closedPortCannotBeReached()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        ApiClient client;
        client.setServer(urlOf(port), QStringLiteral("key"));
        CallOptions options;
        options.timeoutMs = 5000;
        const auto r = await<HealthInfo>([&](auto done) { client.health(this, done, options); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiClientError::Kind::Network);
        QCOMPARE(r.error().httpStatus, 0);
        QVERIFY2(r.error().message.startsWith(QStringLiteral("cannot reach 127.0.0.1:%1").arg(port)),
            qPrintable(r.error().message));
    }

    void silentServerTimesOut()
    {
        // A listener that accepts connections (the kernel does) and never answers: the
        // call's own deadline ends it, and the message names the address.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        silent.pauseAccepting();
        ApiClient client;
        client.setServer(urlOf(silent.serverPort()), QStringLiteral("key"));
        CallOptions options;
        options.timeoutMs = 1500;
        const auto r = await<HealthInfo>([&](auto done) { client.health(this, done, options); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiClientError::Kind::Timeout);
        QCOMPARE(r.error().message,
            QStringLiteral("cannot reach 127.0.0.1:%1 (no answer within 2 s)").arg(silent.serverPort()));
    }

    void nonRoutableAddress()
    {
        // 10.255.255.1 answers nothing on an open network: the deadline (or the network
        // stack) ends the call. Some sandboxes intercept outgoing connections and answer
        // themselves; then the answer must at least be an HTTP error, not a hang.
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        ApiClient client;
        client.setServer(QUrl(QStringLiteral("http://10.255.255.1:81")), QStringLiteral("key"));
        CallOptions options;
        options.timeoutMs = 1500;
        const auto r = await<HealthInfo>([&](auto done) { client.health(this, done, options); });
        QVERIFY(!r.ok());
        if (r.error().isTransport()) {
            QVERIFY2(r.error().message.startsWith(QStringLiteral("cannot reach 10.255.255.1:81")),
                qPrintable(r.error().message));
        } else {
            QVERIFY2(r.error().httpStatus >= 400, qPrintable(r.error().toString()));
        }
        qInfo("non-routable: %s", qPrintable(r.error().toString()));
    }

    void jobLifecycleRoundTrips()
    {
        const QString jobId = analyzeDemo(*m_client, QStringLiteral("RELIANCE.NS"));
        QVERIFY(!jobId.isEmpty());

        const JobStatus status = waitFinished(jobId);
        QCOMPARE(status.jobId, jobId);
        QCOMPARE(status.status, QStringLiteral("completed"));
        QCOMPARE(status.progress, 100);
        QCOMPARE(status.total, 1);
        QCOMPARE(status.completed, 1);
        QCOMPARE(status.successful, 1);
        QCOMPARE(status.kind, QStringLiteral("analysis"));
        QVERIFY(status.attempt >= 1);
        QVERIFY(status.createdAt.isValid());
        QVERIFY(status.completedAt.isValid());
        QVERIFY(status.errors.isEmpty());
        QCOMPARE(status.results.size(), 1);
        QCOMPARE(status.results.first().ticker, QStringLiteral("RELIANCE.NS"));
        QCOMPARE(status.results.first().jobId, jobId);
        QVERIFY(status.results.first().isDemoData);
        QVERIFY(!status.results.first().verdict.isEmpty());
        QVERIFY(status.results.first().score.has_value());

        JobFilter filter;
        filter.ticker = QStringLiteral("RELIANCE.NS");
        filter.limit = 5;
        const auto page = await<JobPage>([&](auto done) { m_client->jobs(filter, this, done); });
        QVERIFY2(page.ok(), qPrintable(page.error().toString()));
        QVERIFY(page->count >= 1);
        QCOMPARE(page->count, page->jobs.size());
        const JobSummary &summary = page->jobs.first(); // newest first
        QCOMPARE(summary.jobId, jobId);
        QCOMPARE(summary.kind, QStringLiteral("analysis"));
        QCOMPARE(summary.status, QStringLiteral("completed"));
        QCOMPARE(summary.tickers, QStringList {QStringLiteral("RELIANCE.NS")});
        QCOMPARE(summary.tickerCount, 1);
        QCOMPARE(summary.strategyId, 1);
        QVERIFY(summary.startedAt.isValid() && summary.completedAt.isValid());
        QVERIFY(summary.durationSeconds.has_value());
        QVERIFY(!summary.isActive());
        QVERIFY(page->counts.value(QStringLiteral("completed")) >= 1);
        QVERIFY(page->counts.contains(QStringLiteral("queued")));
        QVERIFY(page->countsByKind.value(QStringLiteral("analysis")).value(QStringLiteral("completed")) >= 1);

        const auto detail = await<JobDetail>([&](auto done) { m_client->job(jobId, this, done); });
        QVERIFY2(detail.ok(), qPrintable(detail.error().toString()));
        QCOMPARE(detail->jobId, jobId);
        QCOMPARE(detail->maxAttempts, 3);
        QVERIFY(!detail->cancelRequested);
        QVERIFY(detail->tickerTimeoutSeconds > 0);
        QVERIFY(detail->jobTimeoutSeconds > 0);
        QCOMPARE(detail->config.value(QStringLiteral("tickers")).toArray().size(), 1);
        QCOMPARE(detail->outcomes.size(), 1);
        QCOMPARE(detail->outcomes.first().ticker, QStringLiteral("RELIANCE.NS"));
        QCOMPARE(detail->outcomes.first().status, QStringLiteral("completed"));
        QVERIFY(detail->outcomes.first().resultId > 0);
        QVERIFY(detail->attempt >= 1);
        QCOMPARE(detail->outcomes.first().dataSource.isEmpty(), false);

        const auto logs = await<JobLogPage>([&](auto done) { m_client->jobLogs(jobId, 0, 0, this, done); });
        QVERIFY2(logs.ok(), qPrintable(logs.error().toString()));
        QCOMPARE(logs->jobId, jobId);
        QVERIFY(!logs->lines.isEmpty());
        QCOMPARE(logs->nextAfter, logs->lines.last().id);
        QVERIFY(logs->lines.first().time.isValid());
        QVERIFY(!logs->lines.first().level.isEmpty());
        // Following the cursor: nothing new after the last line.
        const auto more =
            await<JobLogPage>([&](auto done) { m_client->jobLogs(jobId, logs->nextAfter, 10, this, done); });
        QVERIFY(more.ok());
        QVERIFY(more->lines.isEmpty());

        // Retry makes a new job; cancelling a finished one is a conflict.
        const auto retry = await<JobActionResult>([&](auto done) { m_client->retryJob(jobId, this, done); });
        QVERIFY2(retry.ok(), qPrintable(retry.error().toString()));
        QCOMPARE(retry->retryOf, jobId);
        QVERIFY(!retry->jobId.isEmpty() && retry->jobId != jobId);
        const auto cancel =
            await<JobActionResult>([&](auto done) { m_client->cancelJob(jobId, this, done); });
        QVERIFY(!cancel.ok());
        QCOMPARE(cancel.error().kind, ApiClientError::Kind::Conflict);
        QCOMPARE(cancel.error().httpStatus, 409);
        QCOMPARE(cancel.error().code, QStringLiteral("JOB_CANCEL_INVALID"));
        QCOMPARE(cancel.error().details.value(QStringLiteral("current_status")).toString(),
            QStringLiteral("completed"));
        QCOMPARE(waitFinished(retry->jobId).status, QStringLiteral("completed"));

        const auto missing = await<JobDetail>([&](auto done) {
            m_client->job(QStringLiteral("00000000-0000-4000-8000-000000000000"), this, done);
        });
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ApiClientError::Kind::NotFound);
    }

    void otherDtosRoundTrip()
    {
        // Stored bars from the sample file, imported as a user would.
        QProcess import;
        import.setProcessEnvironment(m_server->environment());
        import.start(qEnvironmentVariable("THETOOL_BIN"),
            {QStringLiteral("import-csv"),
                qEnvironmentVariable("THETOOL_SOURCE_DIR")
                    + QStringLiteral("/tests/data/market/RELIANCE.NS_sample.csv"),
                QStringLiteral("--symbol"), QStringLiteral("RELIANCE.NS")});
        QVERIFY(import.waitForFinished(waitMs));
        QVERIFY2(import.exitCode() == 0, import.readAllStandardError().constData());
        const auto bars = await<StockBars>([&](auto done) {
            m_client->stockBars(QStringLiteral("RELIANCE.NS"), QStringLiteral("5y"), this, done);
        });
        QVERIFY2(bars.ok(), qPrintable(bars.error().toString()));
        QCOMPARE(bars->symbol, QStringLiteral("RELIANCE.NS"));
        QCOMPARE(bars->period, QStringLiteral("5y"));
        QCOMPARE(bars->count, 80);
        QCOMPARE(bars->bars.size(), 80);
        QCOMPARE(bars->bars.first().date, QDate(2025, 8, 28));
        QCOMPARE(bars->bars.last().date, QDate(2025, 12, 19));
        QVERIFY(qAbs(bars->bars.first().close - 1385.9) < 0.01);
        QCOMPARE(bars->bars.first().volume, 13161813.0);
        const auto badPeriod = await<StockBars>([&](auto done) {
            m_client->stockBars(QStringLiteral("RELIANCE.NS"), QStringLiteral("7x"), this, done);
        });
        QVERIFY(!badPeriod.ok());
        QCOMPARE(badPeriod.error().code, QStringLiteral("INVALID_PERIOD"));

        // The report of the ticker analysed above.
        const auto report = await<TickerReport>(
            [&](auto done) { m_client->report(QStringLiteral("RELIANCE.NS"), this, done); });
        QVERIFY2(report.ok(), qPrintable(report.error().toString()));
        QCOMPARE(report->ticker, QStringLiteral("RELIANCE.NS"));
        QVERIFY(!report->verdict.isEmpty());
        QVERIFY(report->score.has_value());
        QCOMPARE(report->strategyId, 1);
        QVERIFY(!report->indicators.isEmpty());
        QVERIFY(report->createdAt.isValid());
        const auto noReport =
            await<TickerReport>([&](auto done) { m_client->report(QStringLiteral("NOPE.NS"), this, done); });
        QVERIFY(!noReport.ok());
        QCOMPARE(noReport.error().kind, ApiClientError::Kind::NotFound);

        // Watchlist and collections.
        const auto added = await<WatchlistItem>(
            [&](auto done) { m_client->addToWatchlist(QStringLiteral("TCS"), {}, this, done); });
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        QCOMPARE(added->ticker, QStringLiteral("TCS.NS"));
        QVERIFY(added->id > 0);
        QVERIFY(!added->collectionId.has_value());
        const auto again = await<WatchlistItem>(
            [&](auto done) { m_client->addToWatchlist(QStringLiteral("TCS"), {}, this, done); });
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ApiClientError::Kind::Conflict);
        const auto list =
            await<WatchlistPage>([&](auto done) { m_client->watchlist(std::nullopt, this, done); });
        QVERIFY2(list.ok(), qPrintable(list.error().toString()));
        QCOMPARE(list->count, list->items.size());
        QVERIFY(std::any_of(list->items.cbegin(), list->items.cend(),
            [&](const WatchlistItem &i) { return i.id == added->id && i.ticker == added->ticker; }));
        const auto created = await<WatchlistCollection>([&](auto done) {
            m_client->createCollection(QStringLiteral("Banks"), QStringLiteral("Private banks"), this, done);
        });
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        QVERIFY(created->id.value_or(0) > 0);
        QCOMPARE(created->name, QStringLiteral("Banks"));
        QCOMPARE(created->description, QStringLiteral("Private banks"));
        const auto collections = await<CollectionList>([&](auto done) { m_client->collections(this, done); });
        QVERIFY2(collections.ok(), qPrintable(collections.error().toString()));
        QCOMPARE(collections->count, collections->collections.size());
        QVERIFY(!collections->collections.first().id.has_value()); // the Default list first
        QVERIFY(collections->collections.first().stockCount >= 1);
        QCOMPARE(collections->collections.last().id, created->id);

        // API keys: create (shown once), list (never the key), a read key's limits, revoke.
        const auto key = await<ApiKeyInfo>([&](auto done) {
            m_client->createApiKey(QStringLiteral("console"), {QStringLiteral("read")}, this, done);
        });
        QVERIFY2(key.ok(), qPrintable(key.error().toString()));
        QVERIFY(!key->key.isEmpty());
        QCOMPARE(key->scopes, QStringList {QStringLiteral("read")});
        QVERIFY(!key->revoked);
        const auto keys = await<ApiKeyList>([&](auto done) { m_client->apiKeys(this, done); });
        QVERIFY2(keys.ok(), qPrintable(keys.error().toString()));
        QCOMPARE(keys->count, keys->keys.size());
        QCOMPARE(keys->keys.last().id, key->id);
        QVERIFY(keys->keys.last().key.isEmpty());
        ApiClient reader;
        reader.setServer(urlOf(m_server->port()), key->key);
        const auto forbidden = await<AnalyzeResponse>([&](auto done) {
            AnalyzeRequest request;
            request.tickers = {QStringLiteral("TCS.NS")};
            reader.analyze(request, this, done);
        });
        QVERIFY(!forbidden.ok());
        QCOMPARE(forbidden.error().kind, ApiClientError::Kind::Forbidden);
        const auto revoked =
            await<ApiKeyInfo>([&](auto done) { m_client->revokeApiKey(key->id, this, done); });
        QVERIFY2(revoked.ok(), qPrintable(revoked.error().toString()));
        QVERIFY(revoked->revoked);
        QVERIFY(revoked->revokedAt.isValid());

        // Database administration.
        const auto status = await<DatabaseStatus>([&](auto done) { m_client->databaseStatus(this, done); });
        QVERIFY2(status.ok(), qPrintable(status.error().toString()));
        QCOMPARE(status->engine, QStringLiteral("sqlite"));
        QVERIFY(status->sizeBytes > 0);
        QVERIFY(status->compatible);
        QVERIFY(status->appliedLatest > 0);
        QCOMPARE(status->appliedLatest, status->bundledLatest);
        QVERIFY(status->pending.isEmpty());
        QVERIFY(status->restoreSupported);
        const auto tables = await<DatabaseTables>([&](auto done) { m_client->databaseTables(this, done); });
        QVERIFY2(tables.ok(), qPrintable(tables.error().toString()));
        QCOMPARE(tables->engine, QStringLiteral("sqlite"));
        const auto jobsTable = std::find_if(tables->tables.cbegin(), tables->tables.cend(),
            [](const TableStat &t) { return t.name == QLatin1String("analysis_jobs"); });
        QVERIFY(jobsTable != tables->tables.cend());
        QVERIFY(jobsTable->rows >= 1);
        QVERIFY(!jobsTable->estimated);

        // A backtest on the stored bars; offline, a ticker the server would have to fetch
        // answers the original's {"error": "..."} shape, which arrives as the message.
        const auto backtest = await<BacktestResult>(
            [&](auto done) { m_client->backtestTicker(QStringLiteral("RELIANCE.NS"), 90, 1, this, done); });
        if (backtest.ok()) {
            QCOMPARE(backtest->ticker, QStringLiteral("RELIANCE.NS"));
            QCOMPARE(backtest->strategyId, 1);
            QCOMPARE(backtest->totalSignals, backtest->winningTrades + backtest->losingTrades);
        } else {
            QCOMPARE(backtest.error().kind, ApiClientError::Kind::BadRequest);
            QVERIFY(!backtest.error().message.isEmpty());
        }
        qInfo("backtest: %s", backtest.ok() ? "ok" : qPrintable(backtest.error().toString()));
    }

    void cancelQueuedJob()
    {
        // No workers: a job stays queued until cancelled.
        ServerProcess idle;
        idle.setEnv(QStringLiteral("WORKERS"), QStringLiteral("0"));
        QVERIFY2(idle.start(), qPrintable(idle.error()));
        ApiClient client;
        client.setServer(urlOf(idle.port()), idle.masterKey());
        const QString jobId = analyzeDemo(client, QStringLiteral("TCS.NS"));
        QVERIFY(!jobId.isEmpty());
        const auto cancel = await<JobActionResult>([&](auto done) { client.cancelJob(jobId, this, done); });
        QVERIFY2(cancel.ok(), qPrintable(cancel.error().toString()));
        QCOMPARE(cancel->jobId, jobId);
        QCOMPARE(cancel->status, QStringLiteral("cancelled"));
        QCOMPARE(cancel->previousStatus, QStringLiteral("queued"));
        // Retrying a still-active job is a conflict: queue one more and retry it.
        const QString active = analyzeDemo(client, QStringLiteral("INFY.NS"));
        const auto retry = await<JobActionResult>([&](auto done) { client.retryJob(active, this, done); });
        QVERIFY(!retry.ok());
        QCOMPARE(retry.error().kind, ApiClientError::Kind::Conflict);
        QCOMPARE(retry.error().code, QStringLiteral("JOB_ACTIVE"));
        const auto workers = await<WorkerList>([&](auto done) { client.workers(this, done); });
        QVERIFY(workers.ok());
        QCOMPARE(workers->count, 0);
    }

    void analyzeRejectsBadInput()
    {
        AnalyzeRequest request; // no tickers
        const auto r = await<AnalyzeResponse>([&](auto done) { m_client->analyze(request, this, done); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiClientError::Kind::BadRequest);
        QCOMPARE(r.error().httpStatus, 400);
        QCOMPARE(r.error().code, QStringLiteral("VALIDATION_ERROR"));
    }

    void workersAndLogs()
    {
        const auto workers = await<WorkerList>([&](auto done) { m_client->workers(this, done); });
        QVERIFY2(workers.ok(), qPrintable(workers.error().toString()));
        QCOMPARE(workers->count, 2); // WORKERS defaults to 2
        QCOMPARE(workers->workers.size(), 2);
        QVERIFY(!workers->instance.isEmpty());
        for (const WorkerInfo &w : workers->workers) {
            QVERIFY(!w.workerId.isEmpty());
            QCOMPARE(w.pid, m_server->pid());
            QVERIFY(w.alive);
            QVERIFY(w.heartbeatAt.isValid());
            QVERIFY(!w.status.isEmpty());
        }

        LogQuery query;
        query.limit = 5;
        const auto logs = await<ServerLogPage>([&](auto done) { m_client->serverLogs(query, this, done); });
        QVERIFY2(logs.ok(), qPrintable(logs.error().toString()));
        QVERIFY(!logs->instance.isEmpty());
        QCOMPARE(logs->records.size(), 5);
        QVERIFY(logs->hasMore);
        QCOMPARE(logs->nextAfter, logs->records.last().cursor);
        for (const LogLine &line : logs->records) {
            QVERIFY(line.timestamp.isValid());
            QVERIFY(!line.level.isEmpty());
            QVERIFY(!line.message.isEmpty());
            QVERIFY(line.cursor.startsWith(logs->instance));
        }
        query.after = logs->nextAfter;
        const auto next = await<ServerLogPage>([&](auto done) { m_client->serverLogs(query, this, done); });
        QVERIFY(next.ok());
        QVERIFY(next->records.first().id > logs->records.last().id);
        // A cursor of another run is refused with its code.
        query.after = QStringLiteral("elsewhere:1/deadbeef:3");
        const auto foreign =
            await<ServerLogPage>([&](auto done) { m_client->serverLogs(query, this, done); });
        QVERIFY(!foreign.ok());
        QCOMPARE(foreign.error().code, QStringLiteral("FOREIGN_CURSOR"));
    }

    void eventPoll()
    {
        const QString jobId = analyzeDemo(*m_client, QStringLiteral("HDFCBANK.NS"));
        QCOMPARE(waitFinished(jobId).status, QStringLiteral("completed"));
        // The finished event passes the server's event horizon shortly after the status.
        ApiResult<EventPage> page = ApiClientError {};
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                page = await<EventPage>([&](auto done) { m_client->pollEvents(0, 1000, jobId, this, done); });
                return page.ok() && hasFinished(page->events, jobId);
            }(),
            waitMs);
        QVERIFY(page->events.size() >= 3); // created, progress, finished (and log lines)
        const JobEvent &created = page->events.first();
        QCOMPARE(created.type, QStringLiteral("job.created"));
        QCOMPARE(created.jobId, jobId);
        QVERIFY(created.id > 0);
        QVERIFY(created.createdAt.isValid());
        QCOMPARE(created.data.value(QStringLiteral("kind")).toString(), QStringLiteral("analysis"));
        QVERIFY(hasFinished(page->events, jobId));
        const QList<qint64> ids = idsOf(page->events);
        for (qsizetype i = 1; i < ids.size(); ++i)
            QVERIFY(ids[i] > ids[i - 1]);
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
