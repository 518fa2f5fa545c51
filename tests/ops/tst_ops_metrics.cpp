// GET /metrics against a real `thetool serve` after some requests and a job, read by a
// strict parser of the Prometheus text format (promtool is not installed here); and the
// parser itself refusing broken texts, so a pass means something.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "backend/repo/sqlsupport.h"
#include "tests/jobs/jobfixture.h"
#include "tests/market/fakechartserver.h"
#include "tests/ops/promtextcheck.h"

using thetool::test::FakeChartServer;
using thetool::test::JobFixture;
using thetool::test::PromTextCheck;
using thetool::test::ServerProcess;

namespace {

using Labels = QMap<QString, QString>;

QString problemsOf(const PromTextCheck &check)
{
    return check.problems().join(QLatin1Char('\n'));
}

} // namespace

class TestOpsMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parserAcceptsValidText();
    void parserRefuses_data();
    void parserRefuses();
    void liveServer();
    void publicWhenConfigured();
};

void TestOpsMetrics::parserAcceptsValidText()
{
    const QByteArray text =
        "# HELP a_total Things.\n# TYPE a_total counter\na_total{x=\"1\",y=\"q\\\"\\\\\\n\"} 3\n"
        "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"1\"} 2\n"
        "h_bucket{le=\"+Inf\"} 2\nh_sum 1.25\nh_count 2\n";
    const PromTextCheck check(text);
    QVERIFY2(check.problems().isEmpty(), qPrintable(problemsOf(check)));
    QCOMPARE(check.samples().size(), 6);
    QCOMPARE(check.find(QStringLiteral("a_total")).value(0).labels.value(QStringLiteral("y")),
        QStringLiteral("q\"\\\n"));
}

void TestOpsMetrics::parserRefuses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no type") << QByteArray("a 1\n") << QStringLiteral("no # TYPE");
    QTest::newRow("bad name") << QByteArray("# TYPE 1a gauge\n1a 1\n")
                              << QStringLiteral("invalid metric name");
    QTest::newRow("bad label") << QByteArray("# TYPE a gauge\na{1x=\"v\"} 1\n")
                               << QStringLiteral("label name");
    QTest::newRow("unquoted") << QByteArray("# TYPE a gauge\na{x=v} 1\n") << QStringLiteral("not quoted");
    QTest::newRow("bad escape") << QByteArray("# TYPE a gauge\na{x=\"\\t\"} 1\n") << QStringLiteral("escape");
    QTest::newRow("bad value") << QByteArray("# TYPE a gauge\na 1,5\n") << QStringLiteral("invalid value");
    QTest::newRow("duplicate") << QByteArray("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n")
                               << QStringLiteral("duplicate series");
    QTest::newRow("split family") << QByteArray("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"2\"} 1\n")
                                  << QStringLiteral("not together");
    QTest::newRow("type twice") << QByteArray("# TYPE a gauge\n# TYPE a gauge\na 1\n")
                                << QStringLiteral("second # TYPE");
    QTest::newRow("not cumulative") << QByteArray(
        "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n")
                                    << QStringLiteral("not cumulative");
    QTest::newRow("no +Inf") << QByteArray("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n")
                             << QStringLiteral("not +Inf");
    QTest::newRow("count differs") << QByteArray(
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n")
                                   << QStringLiteral("differs");
    QTest::newRow("no sum") << QByteArray("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n")
                            << QStringLiteral("no _sum");
    QTest::newRow("negative counter")
        << QByteArray("# TYPE c_total counter\nc_total -1\n") << QStringLiteral("negative");
    QTest::newRow("no final newline") << QByteArray("# TYPE a gauge\na 1") << QStringLiteral("line feed");
}

void TestOpsMetrics::parserRefuses()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const PromTextCheck check(text);
    QVERIFY2(problemsOf(check).contains(expected), qPrintable(problemsOf(check)));
}

void TestOpsMetrics::liveServer()
{
    FakeChartServer provider;
    FakeChartServer::Response chart;
    chart.body = thetool::test::demoChartBody(QStringLiteral("ANY.NS"));
    provider.setScript({chart});
    JobFixture f(QStringLiteral("metrics"), false);
    f.server().setEnv(QStringLiteral("MARKET_DATA_URL"), provider.url());
    f.server().setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    ServerProcess &server = f.server();

    // Some requests: public, authenticated, unknown path, refused key, and a job.
    QCOMPARE(server.get("/health")->status, 200);
    QCOMPARE(server.get("/api/jobs", server.authHeader())->status, 200);
    QCOMPARE(server.get("/no/such/path/12345", server.authHeader())->status, 404);
    QCOMPARE(server.get("/api/jobs", "X-API-Key: wrong-key-wrong-key-wrong-key-000\r\n")->status, 401);
    QString why;
    const QString jobId = f.analyze(
        server, QJsonObject {{QStringLiteral("tickers"), QJsonArray {QStringLiteral("MET.NS")}}}, &why);
    QVERIFY2(!jobId.isEmpty(), qPrintable(why));
    const QJsonObject status = f.waitForStatus(server, jobId, thetool::test::isFinal, 30000);
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));

    QCOMPARE(server.get("/metrics")->status, 401); // admin scope by default
    const auto answer = server.get("/metrics", server.authHeader());
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    QVERIFY(answer->header("Content-Type").startsWith("text/plain; version=0.0.4"));
    const PromTextCheck check(answer->body);
    QVERIFY2(check.problems().isEmpty(),
        qPrintable(QString(problemsOf(check) + QLatin1Char('\n') + QString::fromUtf8(answer->body))));

    for (const char *family : {"thetool_http_requests_total", "thetool_job_runs_total",
             "thetool_cache_hits_total", "thetool_cache_misses_total", "thetool_log_dropped_lines_total"})
        QCOMPARE(check.typeOf(QString::fromLatin1(family)), QStringLiteral("counter"));
    for (const char *family : {"thetool_http_request_duration_seconds", "thetool_job_duration_seconds"})
        QCOMPARE(check.typeOf(QString::fromLatin1(family)), QStringLiteral("histogram"));
    for (const char *family : {"thetool_jobs", "thetool_queue_depth", "thetool_oldest_queued_job_age_seconds",
             "thetool_database_up", "thetool_build_info"})
        QCOMPARE(check.typeOf(QString::fromLatin1(family)), QStringLiteral("gauge"));

    // Route patterns, never raw paths: the status polls share one series.
    const QString requests = QStringLiteral("thetool_http_requests_total");
    QVERIFY(check.sum(requests,
                {{QStringLiteral("route"), QStringLiteral("/api/analysis/status/{job_id}")},
                    {QStringLiteral("status"), QStringLiteral("200")}})
        >= 1);
    for (const PromTextCheck::Sample &s : check.find(requests))
        QVERIFY2(!s.labels.value(QStringLiteral("route")).contains(jobId),
            qPrintable(s.labels.value(QStringLiteral("route"))));
    QCOMPARE(check.sum(requests,
                 {{QStringLiteral("route"), QStringLiteral("unmatched")},
                     {QStringLiteral("status"), QStringLiteral("404")}}),
        1.0);
    QCOMPARE(check.sum(requests,
                 {{QStringLiteral("method"), QStringLiteral("GET")},
                     {QStringLiteral("route"), QStringLiteral("/api/jobs")},
                     {QStringLiteral("status"), QStringLiteral("401")}}),
        1.0);
    QCOMPARE(check.sum(requests, {{QStringLiteral("route"), QStringLiteral("/health")}}), 1.0);
    QCOMPARE(check.sum(QStringLiteral("thetool_http_request_duration_seconds_count"),
                 {{QStringLiteral("route"), QStringLiteral("/api/jobs")}}),
        2.0);
    // The job: one completed run of kind analysis, counted in the duration histogram too.
    QCOMPARE(check.sum(QStringLiteral("thetool_job_runs_total"),
                 {{QStringLiteral("kind"), QStringLiteral("analysis")},
                     {QStringLiteral("outcome"), QStringLiteral("completed")}}),
        1.0);
    QCOMPARE(check.sum(QStringLiteral("thetool_job_duration_seconds_count"),
                 {{QStringLiteral("kind"), QStringLiteral("analysis")}}),
        1.0);
    QCOMPARE(check.sum(QStringLiteral("thetool_jobs"),
                 {{QStringLiteral("kind"), QStringLiteral("analysis")},
                     {QStringLiteral("state"), QStringLiteral("completed")}}),
        1.0);
    QCOMPARE(check.sum(QStringLiteral("thetool_queue_depth")), 0.0);
    QCOMPARE(check.sum(QStringLiteral("thetool_database_up")), 1.0);
    // No cache provider registered in this build: both series are there, at 0.
    QCOMPARE(check.find(QStringLiteral("thetool_cache_hits_total")).size(), 1);
    QCOMPARE(check.find(QStringLiteral("thetool_cache_misses_total")).size(), 1);

    // /health: job counts, queue depth and age, instance and version.
    const QJsonObject health = QJsonDocument::fromJson(server.get("/health")->body).object();
    const QJsonObject jobs = health.value(QStringLiteral("jobs")).toObject();
    QCOMPARE(jobs.value(QStringLiteral("completed")).toInteger(), 1);
    QCOMPARE(jobs.value(QStringLiteral("queue_depth")).toInteger(), 0);
    QVERIFY(jobs.value(QStringLiteral("oldest_queued_age_seconds")).isNull());
    QCOMPARE(jobs.value(QStringLiteral("by_kind"))
                 .toObject()
                 .value(QStringLiteral("analysis"))
                 .toObject()
                 .value(QStringLiteral("completed"))
                 .toInteger(),
        1);
    QVERIFY(!health.value(QStringLiteral("instance")).toString().isEmpty());
    QVERIFY(!health.value(QStringLiteral("version")).toString().isEmpty());
    QCOMPARE(
        check.find(QStringLiteral("thetool_build_info")).value(0).labels.value(QStringLiteral("instance")),
        health.value(QStringLiteral("instance")).toString());
}

void TestOpsMetrics::publicWhenConfigured()
{
    JobFixture f(QStringLiteral("metricspublic"), false);
    f.server().setEnv(QStringLiteral("METRICS_PUBLIC"), QStringLiteral("1"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    // A queued job that no worker takes (the fixture's SQL): depth 1 and an age.
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM job_counts")), 20);
    thetool::repo::runBound(f.database(),
        QStringLiteral("INSERT INTO analysis_jobs (job_id, status, kind, tickers_json, created_at, run_at) "
                       "VALUES ('waiting', 'queued', 'analysis', '[\"W.NS\"]', ?, ?)"),
        {QStringLiteral("2020-01-01T00:00:00.000Z"), QStringLiteral("2999-01-01T00:00:00.000Z")});
    const auto answer = f.server().get("/metrics");
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    const PromTextCheck check(answer->body);
    QVERIFY2(check.problems().isEmpty(), qPrintable(problemsOf(check)));
    QCOMPARE(check.sum(QStringLiteral("thetool_queue_depth")), 1.0);
    QVERIFY(check.sum(QStringLiteral("thetool_oldest_queued_job_age_seconds")) > 86400.0 * 365);
    const QJsonObject jobs = QJsonDocument::fromJson(f.server().get("/health")->body)
                                 .object()
                                 .value(QStringLiteral("jobs"))
                                 .toObject();
    QCOMPARE(jobs.value(QStringLiteral("queue_depth")).toInteger(), 1);
    QVERIFY(jobs.value(QStringLiteral("oldest_queued_age_seconds")).toDouble() > 86400.0 * 365);
}

QTEST_GUILESS_MAIN(TestOpsMetrics)
#include "tst_ops_metrics.moc"
