// The job queue under trouble, through real `thetool serve` processes and a local
// provider stand-in that stalls or answers slowly: cancel during a stalled fetch,
// TICKER_TIMEOUT and JOB_TIMEOUT, kill -9 and resume, two servers sharing one queue.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include "backend/jobs/analyzerequest.h"
#include "backend/jobs/jobqueue.h"
#include "backend/repo/sqlsupport.h"
#include "tests/jobs/jobfixture.h"
#include "tests/market/fakechartserver.h"

using thetool::test::FakeChartServer;
using thetool::test::JobFixture;
using thetool::test::ServerProcess;
using thetool::test::waitUntil;

namespace {

FakeChartServer::Response stalled()
{
    FakeChartServer::Response r;
    r.stall = true;
    return r;
}

FakeChartServer::Response slowDemoChart(int delayMs)
{
    FakeChartServer::Response r;
    r.body = thetool::test::demoChartBody(QStringLiteral("ANY.NS"));
    r.delayMs = delayMs;
    return r;
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

void useProvider(ServerProcess &server, const FakeChartServer &provider)
{
    server.setEnv(QStringLiteral("MARKET_DATA_URL"), provider.url());
    server.setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
}

} // namespace

class TestJobsFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void databases_data();
    void cancelDuringStalledFetch_data() { databases_data(); }
    void cancelDuringStalledFetch();
    void tickerTimeout_data() { databases_data(); }
    void tickerTimeout();
    void jobTimeout_data() { databases_data(); }
    void jobTimeout();
    void crashResumesWithoutDuplicates();
    void twoServersShareTheQueue();
    void asyncBacktestMatchesTheSynchronousOne();
};

void TestJobsFaults::databases_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("pg") << true;
}

void TestJobsFaults::cancelDuringStalledFetch()
{
    QFETCH(bool, postgres);
    FakeChartServer provider;
    provider.setScript({stalled()}); // every symbol stalls
    JobFixture f(QStringLiteral("cancel"), postgres);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    useProvider(f.server(), provider);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("1"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));

    const QString jobId = f.analyze(f.server(), parse(R"({"tickers": ["STALL1.NS", "STALL2.NS"]})"));
    QVERIFY(!jobId.isEmpty());
    QVERIFY(waitUntil([&] { return provider.requestCount() >= 1; }, 15000));
    QJsonObject status = f.status(f.server(), jobId);
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("processing"));
    QCOMPARE(status.value(QStringLiteral("current_ticker")).toString(), QStringLiteral("STALL1.NS"));

    QElapsedTimer sinceCancel;
    sinceCancel.start();
    QCOMPARE(f.post(f.server(), "/api/analysis/cancel/" + jobId.toUtf8(), {})->status, 200);
    status = f.waitForStatus(f.server(), jobId, thetool::test::isFinal, 5000);
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    qInfo("cancelled status after %lld ms", sinceCancel.elapsed());
    QVERIFY(sinceCancel.elapsed() < 1000); // the stall is endless: well within "stall + 1 s"

    // The worker noticed inside the fetch and stopped: its log says so, nothing was stored,
    // the second ticker was never asked for, and the status stays cancelled.
    QVERIFY(waitUntil(
        [&] {
            return f.count(
                       QStringLiteral(
                           "SELECT count(*) FROM job_logs WHERE job_id = ? AND message LIKE 'cancelled%'"),
                       {jobId})
                == 1;
        },
        5000));
    QThread::msleep(1500);
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id = ?"), {jobId}), 0);
    QCOMPARE(provider.requestCount(), 1);
    QCOMPARE(
        f.status(f.server(), jobId).value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
}

void TestJobsFaults::tickerTimeout()
{
    QFETCH(bool, postgres);
    FakeChartServer provider;
    provider.setScript({stalled()});
    JobFixture f(QStringLiteral("tickertimeout"), postgres);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    useProvider(f.server(), provider);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("1"));
    f.server().setEnv(QStringLiteral("TICKER_TIMEOUT"), QStringLiteral("1"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));

    const QString jobId = f.analyze(f.server(), parse(R"({"tickers": ["SLOW1.NS", "SLOW2.NS"]})"));
    QVERIFY(!jobId.isEmpty());
    const QJsonObject status = f.waitForStatus(f.server(), jobId, thetool::test::isFinal, 20000);
    // Each ticker failed with reason timeout; the job went on to the end.
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(status.value(QStringLiteral("completed")).toInt(), 2);
    QCOMPARE(status.value(QStringLiteral("successful")).toInt(), 0);
    const QJsonArray errors =
        QJsonDocument::fromJson(status.value(QStringLiteral("errors")).toString().toUtf8()).array();
    QCOMPARE(errors.size(), 2);
    for (const QJsonValue &e : errors)
        QCOMPARE(e.toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("timeout"));
    QCOMPARE(
        f.count(QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id = ? AND status = 'failed' "
                               "AND error_message LIKE 'timeout%'"),
            {jobId}),
        2);
    QCOMPARE(provider.requestCount(), 2);
}

void TestJobsFaults::jobTimeout()
{
    QFETCH(bool, postgres);
    FakeChartServer provider;
    provider.setScript({stalled()});
    JobFixture f(QStringLiteral("jobtimeout"), postgres);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    useProvider(f.server(), provider);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("1"));
    f.server().setEnv(QStringLiteral("JOB_TIMEOUT"), QStringLiteral("2"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));

    const QString jobId = f.analyze(f.server(), parse(R"({"tickers": ["SLOW1.NS", "SLOW2.NS"]})"));
    QVERIFY(!jobId.isEmpty());
    const QJsonObject status = f.waitForStatus(f.server(), jobId, thetool::test::isFinal, 20000);
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QCOMPARE(status.value(QStringLiteral("error")).toString(), QStringLiteral("timeout"));
    QCOMPARE(status.value(QStringLiteral("message")).toString(), QStringLiteral("Analysis failed"));
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id = ?"), {jobId}), 0);

    // The one worker is free again and takes the next job.
    const QString next = f.analyze(f.server(), parse(R"({"tickers": ["TCS.NS"], "use_demo_data": true})"));
    QVERIFY(!next.isEmpty());
    QCOMPARE(f.waitForStatus(f.server(), next, thetool::test::isFinal, 20000)
                 .value(QStringLiteral("status"))
                 .toString(),
        QStringLiteral("completed"));
}

void TestJobsFaults::crashResumesWithoutDuplicates()
{
    constexpr int tickerCount = 200;
    FakeChartServer provider;
    provider.setScript({slowDemoChart(25)});
    JobFixture f(QStringLiteral("crash"), true);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    useProvider(f.server(), provider);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("1"));
    f.server().setEnv(QStringLiteral("JOB_LEASE_SECONDS"), QStringLiteral("3"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));

    // A 200-ticker job (more than /analyze takes) straight into the queue.
    thetool::jobs::AnalyzeRequest request;
    for (int i = 1; i <= tickerCount; ++i)
        request.tickers.append(QStringLiteral("T%1.NS").arg(i, 3, 10, QLatin1Char('0')));
    thetool::jobs::NewJob job;
    job.tickers = request.tickers;
    job.tickersJson = request.tickersJson();
    job.config = request.jobConfig();
    thetool::repo::JobRow created;
    QVERIFY(!thetool::jobs::JobQueue(f.database()).enqueue(job, &created));
    const QString jobId = created.jobId;
    const QString stored = QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id = ?");
    QVERIFY(waitUntil([&] { return f.count(stored, {jobId}) >= 30; }, 60000));
    f.server().kill();
    const qint64 beforeRestart = f.count(stored, {jobId});
    qInfo("killed with %lld of %d tickers stored", beforeRestart, tickerCount);
    QVERIFY(beforeRestart < tickerCount);

    auto restarted = f.sibling();
    useProvider(*restarted, provider);
    restarted->setEnv(QStringLiteral("WORKERS"), QStringLiteral("1"));
    restarted->setEnv(QStringLiteral("JOB_LEASE_SECONDS"), QStringLiteral("3"));
    QVERIFY2(restarted->start(), qPrintable(restarted->error()));
    const QJsonObject status = f.waitForStatus(*restarted, jobId, thetool::test::isFinal, 90000);
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(status.value(QStringLiteral("completed")).toInt(), tickerCount);
    QCOMPARE(f.count(stored, {jobId}), tickerCount);
    QCOMPARE(f.count(QStringLiteral("SELECT count(DISTINCT ticker) FROM analysis_results WHERE job_id = ?"),
                 {jobId}),
        tickerCount);
    QCOMPARE(f.count(QStringLiteral("SELECT attempt FROM analysis_jobs WHERE job_id = ?"), {jobId}), 2);
    // What the first attempt stored stayed; the second stored only the rest.
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id = ? AND attempt = 1"),
                 {jobId}),
        beforeRestart);
    QVERIFY(
        f.count(QStringLiteral(
                    "SELECT count(*) FROM job_logs WHERE job_id = ? AND message LIKE 'attempt 2 resumes%'"),
            {jobId})
        == 1);
}

void TestJobsFaults::twoServersShareTheQueue()
{
    constexpr int jobCount = 50;
    FakeChartServer provider;
    provider.setScript({slowDemoChart(150)});
    JobFixture f(QStringLiteral("twoservers"), true);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    useProvider(f.server(), provider);
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    auto second = f.sibling();
    useProvider(*second, provider);
    QVERIFY2(second->start(), qPrintable(second->error()));

    QStringList jobIds;
    for (int i = 0; i < jobCount; ++i) {
        ServerProcess &target = i % 2 ? *second : f.server();
        QString why;
        const QString ticker = QStringLiteral("J%1.NS").arg(i, 2, 10, QLatin1Char('0'));
        const QString id =
            f.analyze(target, QJsonObject {{QStringLiteral("tickers"), QJsonArray {ticker}}}, &why);
        QVERIFY2(!id.isEmpty(), qPrintable(why));
        jobIds.append(id);
    }
    for (const QString &id : jobIds) {
        const QJsonObject status = f.waitForStatus(f.server(), id, thetool::test::isFinal, 60000);
        QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    }
    // Each job ran exactly once: one attempt, one "started" line, one result.
    QCOMPARE(f.count(QStringLiteral(
                 "SELECT count(*) FROM analysis_jobs WHERE status = 'completed' AND attempt = 1")),
        jobCount);
    QCOMPARE(
        f.count(QStringLiteral("SELECT count(*) FROM job_logs WHERE message LIKE 'started:%'")), jobCount);
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_results")), jobCount);
    QCOMPARE(f.count(QStringLiteral("SELECT count(DISTINCT job_id) FROM analysis_results")), jobCount);
    // Both instances worked: lease owners are "<instance>/w<n>".
    QList<qint64> perInstance;
    const thetool::db::DbError error = thetool::repo::runBound(f.database(),
        QStringLiteral("SELECT split_part(lease_owner, '/', 1), count(*) FROM analysis_jobs GROUP BY 1"), {},
        [&](const QSqlQuery &row) { perInstance.append(row.value(1).toLongLong()); });
    QVERIFY2(!error, qPrintable(error.message));
    qInfo() << "jobs per instance:" << perInstance;
    QCOMPARE(perInstance.size(), 2);
    for (qint64 n : perInstance)
        QVERIFY(n >= jobCount / 10);
}

void TestJobsFaults::asyncBacktestMatchesTheSynchronousOne()
{
    FakeChartServer provider;
    provider.setScript({slowDemoChart(0)});
    JobFixture f(QStringLiteral("asyncbacktest"), false);
    useProvider(f.server(), provider);
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    const QJsonObject body = parse(R"({"ticker": "TCS.NS", "days": 120, "strategies": [1, 5]})");
    const auto sync = f.post(f.server(), "/api/backtest/compare-strategies", body);
    QVERIFY(sync);
    QCOMPARE(sync->status, 200);
    QJsonObject asyncBody = body;
    asyncBody.insert(QStringLiteral("async"), true);
    const auto queued = f.post(f.server(), "/api/backtest/compare-strategies", asyncBody);
    QVERIFY(queued);
    QCOMPARE(queued->status, 202);
    const QString jobId =
        QJsonDocument::fromJson(queued->body).object().value(QStringLiteral("job_id")).toString();
    QVERIFY(!jobId.isEmpty());
    QJsonObject detail;
    QVERIFY(waitUntil(
        [&] {
            detail = QJsonDocument::fromJson(
                f.server().get("/api/jobs/" + jobId.toUtf8(), f.server().authHeader())->body)
                         .object();
            return detail.value(QStringLiteral("status")).toString() == QLatin1String("completed");
        },
        30000));
    QCOMPARE(detail.value(QStringLiteral("kind")).toString(), QStringLiteral("backtest"));
    QCOMPARE(detail.value(QStringLiteral("result")).toObject(), QJsonDocument::fromJson(sync->body).object());
    // Validation stays synchronous: a bad request is refused before anything is queued.
    asyncBody.insert(QStringLiteral("days"), 5);
    QCOMPARE(f.post(f.server(), "/api/backtest/compare-strategies", asyncBody)->status, 400);
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_jobs WHERE kind = 'backtest'")), 1);
}

QTEST_GUILESS_MAIN(TestJobsFaults)
#include "tst_jobs_faults.moc"
