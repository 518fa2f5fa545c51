// The analysis job routes end to end through a real `thetool serve`: a demo job runs to
// completion on SQLite and PostgreSQL; validation, duplicates and the error shapes of
// spec §2.2.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "tests/jobs/jobfixture.h"

using thetool::test::JobFixture;

namespace {

QJsonObject bodyOf(const std::optional<thetool::test::RawClient::Response> &response)
{
    return response ? QJsonDocument::fromJson(response->body).object() : QJsonObject();
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestJobsApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void demoJobCompletes_data();
    void demoJobCompletes();
    void validation_data();
    void validation();
    void duplicatesAndForce();
    void statusAndCancelErrors();
};

void TestJobsApi::demoJobCompletes_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("pg") << true;
}

void TestJobsApi::demoJobCompletes()
{
    QFETCH(bool, postgres);
    JobFixture f(QStringLiteral("demo"), postgres);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));

    const auto created = f.post(f.server(), "/api/analysis/analyze",
        parse(R"({"tickers": ["tcs.ns", " INFY.NS ", "M&M.NS"], "use_demo_data": true, "strategy_id": 2})"),
        "X-Request-ID: abc-123\r\n");
    QVERIFY(created);
    QCOMPARE(created->status, 201);
    const QJsonObject answer = bodyOf(created);
    const QString jobId = answer.value(QStringLiteral("job_id")).toString();
    QCOMPARE(answer.value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
    QCOMPARE(answer.value(QStringLiteral("tickers")).toArray(),
        QJsonArray::fromStringList(
            {QStringLiteral("TCS.NS"), QStringLiteral("INFY.NS"), QStringLiteral("M&M.NS")}));
    QCOMPARE(answer.value(QStringLiteral("strategy_id")).toInt(), 2);
    QCOMPARE(answer.value(QStringLiteral("capital")).toDouble(), 100000.0);

    const QJsonObject status = f.waitForStatus(f.server(), jobId, thetool::test::isFinal, 30000);
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(status.value(QStringLiteral("total")).toInt(), 3);
    QCOMPARE(status.value(QStringLiteral("completed")).toInt(), 3);
    QCOMPARE(status.value(QStringLiteral("successful")).toInt(), 3);
    QCOMPARE(status.value(QStringLiteral("progress")).toInt(), 100);
    QCOMPARE(status.value(QStringLiteral("message")).toString(), QStringLiteral("Completed! 3/3 successful"));
    QCOMPARE(status.value(QStringLiteral("errors")).toString(), QStringLiteral("[]"));
    QVERIFY(status.value(QStringLiteral("created_at")).toString().endsWith(QLatin1String(" GMT")));
    const QJsonArray results = status.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 3);
    QStringList tickers;
    for (const QJsonValue &value : results) {
        const QJsonObject r = value.toObject();
        tickers.append(r.value(QStringLiteral("ticker")).toString());
        QCOMPARE(r.value(QStringLiteral("job_id")).toString(), jobId);
        QCOMPARE(r.value(QStringLiteral("data_source")).toString(), QStringLiteral("demo"));
        QCOMPARE(r.value(QStringLiteral("is_demo_data")).toBool(), true);
        QVERIFY(!r.value(QStringLiteral("verdict")).toString().isEmpty());
    }
    tickers.sort();
    QCOMPARE(tickers,
        (QStringList {QStringLiteral("INFY.NS"), QStringLiteral("M&M.NS"), QStringLiteral("TCS.NS")}));

    // The rows themselves: the job id, the real source, the strategy; the job keeps the
    // creating request's id as its correlation id, and its log lines carry it.
    QCOMPARE(f.count(QStringLiteral(
                         "SELECT count(*) FROM analysis_results WHERE job_id = ? AND data_source = 'demo' "
                         "AND is_demo_data = ? AND strategy_id = 2 AND attempt = 1"),
                 {jobId, true}),
        3);
    QCOMPARE(
        f.count(QStringLiteral("SELECT count(*) FROM analysis_jobs WHERE job_id = ? AND correlation_id = "
                               "'abc-123' AND attempt = 1"),
            {jobId}),
        1);
    QVERIFY(f.count(QStringLiteral(
                        "SELECT count(*) FROM job_logs WHERE job_id = ? AND correlation_id = 'abc-123'"),
                {jobId})
        >= 5); // started, three tickers, finished
}

void TestJobsApi::validation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const char *body, int status, const char *message) {
        QTest::newRow(name) << QByteArray(body) << status << QString::fromUtf8(message);
    };
    row("tickers missing", R"({"capital": 1000})", 400, "Field required");
    row("tickers not a list", R"({"tickers": "TCS.NS"})", 400, "Input should be a valid list");
    row("tickers empty", R"({"tickers": []})", 400, "Value error, tickers list cannot be empty");
    QByteArray many = "{\"tickers\": [";
    for (int i = 0; i < 101; ++i)
        many += (i ? ", " : "") + QByteArray("\"T") + QByteArray::number(i) + ".NS\"";
    many += "]}";
    QTest::newRow("tickers over 100")
        << many << 400 << QStringLiteral("tickers list cannot exceed 100 items");
    row("ticker blank", R"({"tickers": ["TCS.NS", "  "]})", 400,
        "Found 1 empty ticker(s) after stripping whitespace");
    row("ticker without exchange", R"({"tickers": ["TCS", "INFY.NS"]})", 400,
        "Invalid ticker format (missing exchange code): ['TCS']. Expected format like TCS.NS or INFY.BO");
    row("ticker duplicate", R"({"tickers": ["TCS.NS", "tcs.ns"]})", 400,
        "Duplicate tickers found: ['TCS.NS']");
    row("ticker hostile", R"({"tickers": ["X.NS'; DROP TABLE analysis_jobs;--"]})", 400,
        "Invalid ticker characters");
    row("ticker not a string", R"({"tickers": [42]})", 400, "Input should be a valid string");
    row("capital zero", R"({"tickers": ["TCS.NS"], "capital": 0})", 400, "capital must be positive");
    row("capital too big", R"({"tickers": ["TCS.NS"], "capital": 2000000})", 400,
        "capital cannot exceed 1,000,000");
    row("capital text", R"({"tickers": ["TCS.NS"], "capital": "lots"})", 400,
        "Input should be a valid number");
    row("strategy above 5", R"({"tickers": ["TCS.NS"], "strategy_id": 9})", 400,
        "strategy_id must be between 1 and 5");
    row("force not bool", R"({"tickers": ["TCS.NS"], "force": "yes"})", 400,
        "Input should be a valid boolean");
    row("profile unknown", R"({"tickers": ["TCS.NS"], "formula_profile": "exotic"})", 400,
        "formula_profile must be");
    row("period bad", R"({"tickers": ["TCS.NS"], "data_period": "forever"})", 400,
        "data_period must be like");
    row("weights wrong type", R"({"tickers": ["TCS.NS"], "category_weights": "heavy"})", 400,
        "category_weights");
    row("body not an object", R"(["TCS.NS"])", 400, "");
    row("body malformed", R"({"tickers": [)", 400, "");
    // Nulls mean the default (spec §2.2 FIX); a numeric string is coerced; strategy 0 is 1.
    row("nulls are defaults",
        R"({"tickers": ["TCS.NS"], "capital": null, "risk_percent": null, "data_period": null, "use_demo_data": true})",
        201, "");
    row("capital as text",
        R"({"tickers": ["INFY.NS"], "capital": "5000", "strategy_id": 0, "use_demo_data": true})", 201, "");
}

void TestJobsApi::validation()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, message);
    JobFixture f(QStringLiteral("validation"), false);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("0"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    const auto response = f.server().request("POST", "/api/analysis/analyze",
        f.server().authHeader() + "Content-Type: application/json\r\n", body);
    QVERIFY(response);
    QCOMPARE(response->status, status);
    const QJsonObject json = bodyOf(response);
    if (status == 400) {
        const QJsonObject error = json.value(QStringLiteral("error")).toObject();
        QVERIFY(!error.value(QStringLiteral("code")).toString().isEmpty());
        const QByteArray text = QJsonDocument(error).toJson(QJsonDocument::Compact);
        QVERIFY2(QString::fromUtf8(text).contains(message), text.constData());
        // Nothing is written for a refused request.
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_jobs")), 0);
    } else {
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_jobs")), 1);
    }
}

void TestJobsApi::duplicatesAndForce()
{
    JobFixture f(QStringLiteral("duplicates"), false);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("0")); // jobs stay queued
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    QString why;
    const QString first = f.analyze(f.server(), parse(R"({"tickers": ["TCS.NS", "INFY.NS"]})"), &why);
    QVERIFY2(!first.isEmpty(), qPrintable(why));

    // The same tickers in another order and case: a duplicate, answered 200 with the job.
    auto again = f.post(f.server(), "/api/analysis/analyze", parse(R"({"tickers": ["infy.ns", "TCS.NS"]})"));
    QVERIFY(again);
    QCOMPARE(again->status, 200);
    QJsonObject json = bodyOf(again);
    QCOMPARE(json.value(QStringLiteral("job_id")).toString(), first);
    QCOMPARE(json.value(QStringLiteral("is_duplicate")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("message")).toString(),
        QStringLiteral("Analysis already running for these tickers"));
    QCOMPARE(json.value(QStringLiteral("total")).toInt(), 2);

    // Strategy-aware (spec §4.5 FIX), and `force` bypasses detection.
    QVERIFY(
        !f.analyze(f.server(), parse(R"({"tickers": ["TCS.NS", "INFY.NS"], "strategy_id": 3})")).isEmpty());
    const QString forced =
        f.analyze(f.server(), parse(R"({"tickers": ["TCS.NS", "INFY.NS"], "force": true})"));
    QVERIFY(!forced.isEmpty());
    QVERIFY(forced != first);
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_jobs")), 3);
    // The stored tickers are the original's exact string (sorted, Python's separators).
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_jobs WHERE tickers_json = ?"),
                 {QStringLiteral(R"(["INFY.NS", "TCS.NS"])")}),
        3);
    // A cancelled job is no longer a duplicate.
    QCOMPARE(f.post(f.server(), "/api/analysis/cancel/" + first.toUtf8(), {})->status, 200);
    QCOMPARE(f.post(f.server(), "/api/analysis/cancel/" + forced.toUtf8(), {})->status, 200);
    QVERIFY(!f.analyze(f.server(), parse(R"({"tickers": ["TCS.NS", "INFY.NS"]})")).isEmpty());
}

void TestJobsApi::statusAndCancelErrors()
{
    JobFixture f(QStringLiteral("errors"), false);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("0"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    auto response = f.server().get("/api/analysis/status/no-such-job", f.server().authHeader());
    QCOMPARE(response->status, 404);
    QJsonObject error = bodyOf(response).value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("JOB_NOT_FOUND"));
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("Job no-such-job not found"));
    QCOMPARE(f.post(f.server(), "/api/analysis/cancel/no-such-job", {})->status, 404);

    const QString jobId = f.analyze(f.server(), parse(R"({"tickers": ["TCS.NS"]})"));
    QVERIFY(!jobId.isEmpty());
    QJsonObject status = f.status(f.server(), jobId);
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
    QCOMPARE(status.value(QStringLiteral("message")).toString(), QStringLiteral("Queued for analysis..."));
    QCOMPARE(status.value(QStringLiteral("current_index")).toInt(), 1);
    QVERIFY(status.value(QStringLiteral("current_ticker")).isNull());
    QVERIFY(!status.contains(QStringLiteral("results")));

    response = f.post(f.server(), "/api/analysis/cancel/" + jobId.toUtf8(), {});
    QCOMPARE(response->status, 200);
    QCOMPARE(bodyOf(response),
        (QJsonObject {
            {QStringLiteral("job_id"), jobId}, {QStringLiteral("status"), QStringLiteral("cancelled")}}));
    status = f.status(f.server(), jobId);
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    QCOMPARE(status.value(QStringLiteral("message")).toString(), QStringLiteral("Analysis cancelled"));

    response = f.post(f.server(), "/api/analysis/cancel/" + jobId.toUtf8(), {});
    QCOMPARE(response->status, 400);
    error = bodyOf(response).value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("JOB_CANCEL_INVALID"));
    QCOMPARE(error.value(QStringLiteral("message")).toString(),
        QStringLiteral("Cannot cancel job in cancelled state"));
    QCOMPARE(
        error.value(QStringLiteral("details")).toObject().value(QStringLiteral("current_status")).toString(),
        QStringLiteral("cancelled"));
}

QTEST_GUILESS_MAIN(TestJobsApi)
#include "tst_jobs_api.moc"
