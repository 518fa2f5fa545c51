// Bulk analysis of the NSE universe through a real `thetool serve` on SQLite and
// PostgreSQL: all 2,192 symbols with monotonic progress, then the progress and results
// routes; validation and duplicate detection of spec §2.3.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

#include "tests/jobs/jobfixture.h"

using thetool::test::JobFixture;

namespace {

constexpr int universeSize = 2192;

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestJobsBulk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wholeUniverse_data();
    void wholeUniverse();
    void validation_data();
    void validation();
    void duplicates();
};

void TestJobsBulk::wholeUniverse_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("pg") << true;
}

void TestJobsBulk::wholeUniverse()
{
    QFETCH(bool, postgres);
    JobFixture f(QStringLiteral("bulk"), postgres);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));

    QElapsedTimer timer;
    timer.start();
    const auto created = f.post(
        f.server(), "/api/stocks/analyze-all-stocks", parse(R"({"symbols": [], "use_demo_data": true})"));
    QVERIFY(created);
    QCOMPARE(created->status, 201);
    const QJsonObject answer = parse(created->body);
    QCOMPARE(answer.value(QStringLiteral("count")).toInt(), universeSize);
    QCOMPARE(answer.value(QStringLiteral("symbols")).toArray().size(), universeSize);
    QCOMPARE(
        answer.value(QStringLiteral("symbols")).toArray().first().toString(), QStringLiteral("20MICRONS.NS"));
    const QString jobId = answer.value(QStringLiteral("job_id")).toString();

    // Progress never goes backwards, in the job's status nor in the aggregate.
    int lastCompleted = 0;
    int lastPercentage = 0;
    int observations = 0;
    QJsonObject status;
    while (timer.elapsed() < 120000) {
        status = f.status(f.server(), jobId);
        const int completed = status.value(QStringLiteral("completed")).toInt();
        QVERIFY2(completed >= lastCompleted,
            qPrintable(QStringLiteral("%1 after %2").arg(completed).arg(lastCompleted)));
        lastCompleted = completed;
        const auto progress = f.server().get("/api/stocks/all-stocks/progress", f.server().authHeader());
        QVERIFY(progress);
        QCOMPARE(progress->status, 200);
        const int percentage = parse(progress->body).value(QStringLiteral("percentage")).toInt();
        QVERIFY(percentage >= lastPercentage || percentage == 0);
        lastPercentage = qMax(lastPercentage, percentage);
        ++observations;
        if (thetool::test::isFinal(status))
            break;
        QThread::msleep(100);
    }
    const qint64 elapsed = timer.elapsed();
    qInfo("bulk demo analysis of %d symbols on %s: %lld ms (%d progress observations)", universeSize,
        postgres ? "PostgreSQL" : "SQLite", elapsed, observations);
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(status.value(QStringLiteral("completed")).toInt(), universeSize);
    QCOMPARE(status.value(QStringLiteral("results")).toArray().size(), 50); // the first 50
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id = ?"), {jobId}),
        universeSize);
    QCOMPARE(f.count(QStringLiteral("SELECT count(DISTINCT ticker) FROM analysis_results WHERE job_id = ?"),
                 {jobId}),
        universeSize);
    QCOMPARE(f.count(QStringLiteral(
                         "SELECT count(*) FROM analysis_jobs WHERE job_id = ? AND kind = 'bulk_analysis' "
                         "AND tickers_json = ?"),
                 {jobId, QStringLiteral(R"({"type": "bulk", "count": 2192, "strategy_id": 1})")}),
        1);

    const auto progress = f.server().get("/api/stocks/all-stocks/progress", f.server().authHeader());
    const QJsonObject aggregate = parse(progress->body);
    QCOMPARE(aggregate.value(QStringLiteral("is_analyzing")).toBool(), false);
    QCOMPARE(aggregate.value(QStringLiteral("percentage")).toInt(), 100);
    QCOMPARE(aggregate.value(QStringLiteral("estimated_time_remaining")).toString(), QStringLiteral("N/A"));
    QCOMPARE(aggregate.value(QStringLiteral("jobs")).toArray().size(), 1); // recent, in UTC (FIX)

    const auto page =
        f.server().get("/api/stocks/all-stocks/results?page=2&per_page=100", f.server().authHeader());
    QVERIFY(page);
    const QJsonObject results = parse(page->body);
    QCOMPARE(results.value(QStringLiteral("total")).toInt(), universeSize);
    QCOMPARE(results.value(QStringLiteral("count")).toInt(), 100);
    QCOMPARE(results.value(QStringLiteral("total_pages")).toInt(), 22);
    const QJsonArray rows = results.value(QStringLiteral("results")).toArray();
    for (qsizetype i = 1; i < rows.size(); ++i) // newest first
        QVERIFY(rows[i - 1].toObject().value(QStringLiteral("id")).toInteger()
            > rows[i].toObject().value(QStringLiteral("id")).toInteger());
}

void TestJobsBulk::validation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("strategy 9") << QByteArray(R"({"strategy_id": 9})") << QStringLiteral("between 1 and 5");
    QTest::newRow("capital 20M") << QByteArray(R"({"capital": 20000000})")
                                 << QStringLiteral("capital cannot exceed 10,000,000");
    QTest::newRow("max_workers 11") << QByteArray(R"({"max_workers": 11})") << QStringLiteral("max_workers");
    QTest::newRow("symbols text") << QByteArray(R"({"symbols": "ALL"})") << QStringLiteral("valid list");
    QTest::newRow("symbols hostile") << QByteArray(R"({"symbols": ["../../etc/passwd"]})")
                                     << QStringLiteral("Invalid symbol characters");
    QTest::newRow("symbols blank") << QByteArray(R"({"symbols": ["  "]})") << QStringLiteral("only empty");
}

void TestJobsBulk::validation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    JobFixture f(QStringLiteral("bulkvalidation"), false);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("0"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    const auto response = f.server().request("POST", "/api/stocks/analyze-all-stocks",
        f.server().authHeader() + "Content-Type: application/json\r\n", body);
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QVERIFY2(QString::fromUtf8(response->body).contains(message), response->body.constData());
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_jobs")), 0);
}

void TestJobsBulk::duplicates()
{
    JobFixture f(QStringLiteral("bulkduplicates"), false);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("0"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    const auto first = f.post(f.server(), "/api/stocks/analyze-all-stocks", parse(R"({"strategy_id": 2})"));
    QCOMPARE(first->status, 201);
    const auto again =
        f.post(f.server(), "/api/stocks/analyze-all-stocks", parse(R"({"symbols": null, "strategy_id": 2})"));
    QCOMPARE(again->status, 200);
    const QJsonObject json = parse(again->body);
    QCOMPARE(json.value(QStringLiteral("is_duplicate")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("message")).toString(),
        QStringLiteral("Analysis already running for these symbols"));
    QCOMPARE(json.value(QStringLiteral("job_id")), parse(first->body).value(QStringLiteral("job_id")));
    QCOMPARE(json.value(QStringLiteral("count")).toInt(), universeSize);
    // Another strategy, a short list, or force: new jobs.
    QCOMPARE(
        f.post(f.server(), "/api/stocks/analyze-all-stocks", parse(R"({"strategy_id": 3})"))->status, 201);
    QCOMPARE(
        f.post(f.server(), "/api/stocks/analyze-all-stocks", parse(R"({"symbols": ["tcs.ns", "INFY.NS"]})"))
            ->status,
        201);
    QCOMPARE(
        f.post(f.server(), "/api/stocks/analyze-all-stocks", parse(R"({"symbols": ["INFY.NS", "TCS.NS"]})"))
            ->status,
        200);
    QCOMPARE(
        f.post(f.server(), "/api/stocks/analyze-all-stocks", parse(R"({"strategy_id": 2, "force": true})"))
            ->status,
        201);
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_jobs WHERE kind = 'bulk_analysis'")), 4);
}

QTEST_GUILESS_MAIN(TestJobsBulk)
#include "tst_jobs_bulk.moc"
