// Job browsing through a real `thetool serve`: find a job by its request id, its log lines
// (in job_logs and in the server log) carry that id; filters, keyset pages and counts;
// detail, retry, cancel, workers; and on PostgreSQL a million jobs answered through indexes.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrlQuery>

#include "backend/repo/sqlsupport.h"
#include "tests/jobs/jobfixture.h"

using thetool::test::JobFixture;

namespace {

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

QJsonObject getJson(JobFixture &f, const QByteArray &target, int expectedStatus = 200)
{
    const auto response = f.server().get(target, f.server().authHeader());
    if (!response || response->status != expectedStatus) {
        qWarning("%s -> %s", target.constData(), response ? response->statusLine.constData() : "no answer");
        return {};
    }
    return parse(response->body);
}

} // namespace

class TestJobsBrowse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findByRequestId_data();
    void findByRequestId();
    void filtersPagesAndCounts();
    void detailRetryCancelWorkers();
    void millionJobsUseIndexes();
};

void TestJobsBrowse::findByRequestId_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("pg") << true;
}

void TestJobsBrowse::findByRequestId()
{
    QFETCH(bool, postgres);
    JobFixture f(QStringLiteral("browse"), postgres);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    const auto created = f.post(f.server(), "/api/analysis/analyze",
        parse(R"({"tickers": ["TCS.NS", "M&M.NS"], "use_demo_data": true})"), "X-Request-ID: abc-123\r\n");
    QCOMPARE(created->status, 201);
    const QString jobId = parse(created->body).value(QStringLiteral("job_id")).toString();
    QCOMPARE(f.waitForStatus(f.server(), jobId, thetool::test::isFinal, 20000)
                 .value(QStringLiteral("status"))
                 .toString(),
        QStringLiteral("completed"));

    const QJsonObject found = getJson(f, "/api/jobs?correlation_id=abc-123");
    const QJsonArray jobs = found.value(QStringLiteral("jobs")).toArray();
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs[0].toObject().value(QStringLiteral("job_id")).toString(), jobId);
    QCOMPARE(
        jobs[0].toObject().value(QStringLiteral("correlation_id")).toString(), QStringLiteral("abc-123"));
    QCOMPARE(getJson(f, "/api/jobs?correlation_id=other").value(QStringLiteral("jobs")).toArray().size(), 0);

    // The job's lines: in job_logs (the API) and in the server's own log, all with the id.
    const QJsonObject logs = getJson(f, "/api/jobs/" + jobId.toUtf8() + "/logs");
    const QJsonArray lines = logs.value(QStringLiteral("lines")).toArray();
    QVERIFY(lines.size() >= 4); // started, two tickers, finished
    QVERIFY(lines.first()
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .startsWith(QLatin1String("started")));
    QVERIFY(lines.last()
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .startsWith(QLatin1String("finished")));
    for (const QJsonValue &line : lines)
        QCOMPARE(
            line.toObject().value(QStringLiteral("correlation_id")).toString(), QStringLiteral("abc-123"));
    const qint64 second = lines[1].toObject().value(QStringLiteral("id")).toInteger();
    const QJsonArray rest =
        getJson(f, "/api/jobs/" + jobId.toUtf8() + "/logs?after=" + QByteArray::number(second))
            .value(QStringLiteral("lines"))
            .toArray();
    QCOMPARE(rest.size(), lines.size() - 2);
    int serverLines = 0;
    for (const QJsonObject &record : f.server().logRecords()) {
        if (record.value(QStringLiteral("job_id")).toString() != jobId)
            continue;
        ++serverLines;
        QCOMPARE(record.value(QStringLiteral("correlation_id")).toString(), QStringLiteral("abc-123"));
    }
    QVERIFY2(serverLines >= lines.size(),
        qPrintable(QStringLiteral("%1 server lines, %2 job lines").arg(serverLines).arg(lines.size())));
    // The request that created it is in the access log under the same id.
    bool accessLine = false;
    for (const QJsonObject &record : f.server().logRecords())
        accessLine |= record.value(QStringLiteral("request_id")).toString() == QLatin1String("abc-123");
    QVERIFY(accessLine);
}

void TestJobsBrowse::filtersPagesAndCounts()
{
    JobFixture f(QStringLiteral("pages"), false);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("0"));
    f.server().setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    QStringList created;
    for (int i = 0; i < 5; ++i) {
        const QJsonObject body {{QStringLiteral("tickers"),
            QJsonArray {QStringLiteral("T%1.NS").arg(i), QStringLiteral("M&M.NS")}}};
        created.prepend(f.analyze(f.server(), body)); // newest first
        QVERIFY(!created.first().isEmpty());
    }
    QVERIFY(f.post(f.server(), "/api/stocks/analyze-all-stocks", parse(R"({"symbols": ["X1.NS"]})"))->status
        == 201);

    // Keyset pages of 2: every job once, newest first, then no cursor.
    QStringList seen;
    QByteArray target = "/api/jobs?kind=analysis&limit=2";
    for (int page = 0; page < 5 && !target.isEmpty(); ++page) {
        const QJsonObject json = getJson(f, target);
        for (const QJsonValue &job : json.value(QStringLiteral("jobs")).toArray())
            seen.append(job.toObject().value(QStringLiteral("job_id")).toString());
        const QJsonValue cursor = json.value(QStringLiteral("next_cursor"));
        target = cursor.isString() ? "/api/jobs?kind=analysis&limit=2&cursor=" + cursor.toString().toUtf8()
                                   : QByteArray();
    }
    QCOMPARE(seen, created);

    const QJsonObject all = getJson(f, "/api/jobs");
    QCOMPARE(all.value(QStringLiteral("count")).toInt(), 6);
    QCOMPARE(all.value(QStringLiteral("counts")).toObject().value(QStringLiteral("queued")).toInt(), 6);
    QCOMPARE(all.value(QStringLiteral("counts_by_kind"))
                 .toObject()
                 .value(QStringLiteral("bulk_analysis"))
                 .toObject()
                 .value(QStringLiteral("queued"))
                 .toInt(),
        1);
    QCOMPARE(getJson(f, "/api/jobs?ticker=m%26m.ns").value(QStringLiteral("count")).toInt(), 5);
    QCOMPARE(getJson(f, "/api/jobs?ticker=T3.NS").value(QStringLiteral("count")).toInt(), 1);
    QCOMPARE(
        getJson(f, "/api/jobs?ticker=X1.NS&kind=bulk_analysis").value(QStringLiteral("count")).toInt(), 1);
    QCOMPARE(getJson(f, "/api/jobs?ticker=T_.NS").value(QStringLiteral("count")).toInt(), 0); // no wildcards
    QCOMPARE(getJson(f, "/api/jobs?status=completed").value(QStringLiteral("count")).toInt(), 0);
    QCOMPARE(getJson(f, "/api/jobs?created_from=2000-01-01T00:00:00Z&created_to=2100-01-01T00:00:00Z")
                 .value(QStringLiteral("count"))
                 .toInt(),
        6);
    QCOMPARE(
        getJson(f, "/api/jobs?created_from=2100-01-01T00:00:00Z").value(QStringLiteral("count")).toInt(), 0);
    // Cancelling moves the counts.
    QCOMPARE(f.post(f.server(), "/api/jobs/" + created.first().toUtf8() + "/cancel", {})->status, 200);
    const QJsonObject counts = getJson(f, "/api/jobs").value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("queued")).toInt(), 5);
    QCOMPARE(counts.value(QStringLiteral("cancelled")).toInt(), 1);

    // Bad input: 400 with a code, never a 500.
    for (const QByteArray &bad :
        {QByteArray("/api/jobs?status=done"), QByteArray("/api/jobs?kind=x"), QByteArray("/api/jobs?limit=0"),
            QByteArray("/api/jobs?limit=abc"), QByteArray("/api/jobs?cursor=@@@"),
            QByteArray("/api/jobs?cursor=WyJ4IiwieSJd"), QByteArray("/api/jobs?created_from=yesterday"),
            QByteArray("/api/jobs/" + created.first().toUtf8() + "/logs?after=-1")}) {
        const auto response = f.server().get(bad, f.server().authHeader());
        QVERIFY(response);
        QVERIFY2(response->status == 400, bad.constData());
        QVERIFY(!parse(response->body)
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString()
                     .isEmpty());
    }
    QCOMPARE(f.server().get("/api/jobs/nope", f.server().authHeader())->status, 404);
    QCOMPARE(f.server().get("/api/jobs/nope/logs", f.server().authHeader())->status, 404);
}

void TestJobsBrowse::detailRetryCancelWorkers()
{
    JobFixture f(QStringLiteral("detail"), false);
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("2"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    const QString jobId =
        f.analyze(f.server(), parse(R"({"tickers": ["TCS.NS", "INFY.NS"], "use_demo_data": true})"));
    QVERIFY(!jobId.isEmpty());
    QCOMPARE(f.waitForStatus(f.server(), jobId, thetool::test::isFinal, 20000)
                 .value(QStringLiteral("status"))
                 .toString(),
        QStringLiteral("completed"));
    const QJsonObject detail = getJson(f, "/api/jobs/" + jobId.toUtf8());
    QCOMPARE(detail.value(QStringLiteral("tickers")).toArray().size(), 2);
    QCOMPARE(
        detail.value(QStringLiteral("config")).toObject().value(QStringLiteral("use_demo_data")).toBool(),
        true);
    QCOMPARE(detail.value(QStringLiteral("outcomes")).toArray().size(), 2);
    QCOMPARE(detail.value(QStringLiteral("attempt")).toInt(), 1);
    QVERIFY(detail.value(QStringLiteral("lease_owner")).toString().contains(QLatin1String("/w")));
    QVERIFY(detail.value(QStringLiteral("heartbeat_age_seconds")).isDouble());

    // Retry: a new job with the same input, linked to the original.
    const auto retried = f.post(f.server(), "/api/jobs/" + jobId.toUtf8() + "/retry", {});
    QCOMPARE(retried->status, 201);
    const QString retryId = parse(retried->body).value(QStringLiteral("job_id")).toString();
    QCOMPARE(parse(retried->body).value(QStringLiteral("retry_of")).toString(), jobId);
    QCOMPARE(f.waitForStatus(f.server(), retryId, thetool::test::isFinal, 20000)
                 .value(QStringLiteral("status"))
                 .toString(),
        QStringLiteral("completed"));
    QCOMPARE(getJson(f, "/api/jobs/" + retryId.toUtf8()).value(QStringLiteral("retry_of")).toString(), jobId);
    QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id = ?"), {retryId}), 2);
    // A finished job cannot be cancelled (409 on this route); a missing one is 404.
    QCOMPARE(f.post(f.server(), "/api/jobs/" + jobId.toUtf8() + "/cancel", {})->status, 409);
    QCOMPARE(f.post(f.server(), "/api/jobs/missing/cancel", {})->status, 404);
    QCOMPARE(f.post(f.server(), "/api/jobs/missing/retry", {})->status, 404);

    const QJsonObject workers = getJson(f, "/api/workers");
    QCOMPARE(workers.value(QStringLiteral("count")).toInt(), 2);
    for (const QJsonValue &w : workers.value(QStringLiteral("workers")).toArray())
        QCOMPARE(w.toObject().value(QStringLiteral("alive")).toBool(), true);
}

void TestJobsBrowse::millionJobsUseIndexes()
{
    constexpr int jobCount = 1000000;
    JobFixture f(QStringLiteral("million"), true);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("0"));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    QElapsedTimer timer;
    timer.start();
    // One statement; the per-row count trigger is bypassed and job_counts set once.
    const thetool::db::DbError error = f.database().run([&](QSqlDatabase &connection)
                                                            -> thetool::db::DbError {
        QSqlQuery q(connection);
        for (const QString &sql :
            {QStringLiteral("ALTER TABLE analysis_jobs DISABLE TRIGGER analysis_jobs_count_insert"),
                QStringLiteral(
                    "INSERT INTO analysis_jobs (job_id, status, kind, total, tickers_json, config_json, "
                    "correlation_id, created_at) SELECT 'job-' || g, "
                    "(ARRAY['queued','processing','completed',"
                    "'failed','cancelled'])[1 + g % 5], 'analysis', 1, '[\"T' || g || '.NS\"]', '{}', "
                    "'corr-' || g, now() - g * interval '1 second' FROM generate_series(1, %1) AS g")
                    .arg(jobCount),
                QStringLiteral("ALTER TABLE analysis_jobs ENABLE TRIGGER analysis_jobs_count_insert"),
                QStringLiteral(
                    "UPDATE job_counts c SET n = (SELECT count(*) FROM analysis_jobs j WHERE j.kind = c.kind "
                    "AND j.status = c.status)"),
                QStringLiteral("ANALYZE analysis_jobs")}) {
            if (!q.exec(sql))
                return thetool::db::DbError::fromSqlError(q.lastError(), thetool::db::Dialect::Postgres);
        }
        return {};
    });
    QVERIFY2(!error, qPrintable(error.message));
    qInfo("inserted %d jobs in %lld ms", jobCount, timer.elapsed());

    // The first page and the counts, as a client sees them.
    timer.restart();
    QJsonObject first = getJson(f, "/api/jobs?limit=50");
    const qint64 firstMs = timer.elapsed();
    QCOMPARE(first.value(QStringLiteral("count")).toInt(), 50);
    QCOMPARE(first.value(QStringLiteral("counts")).toObject().value(QStringLiteral("queued")).toInteger(),
        jobCount / 5);
    timer.restart();
    const QJsonObject second = getJson(f,
        "/api/jobs?limit=50&status=failed&cursor="
            + first.value(QStringLiteral("next_cursor")).toString().toUtf8());
    const qint64 secondMs = timer.elapsed();
    QCOMPARE(second.value(QStringLiteral("count")).toInt(), 50);
    timer.restart();
    QCOMPARE(getJson(f, "/api/jobs?correlation_id=corr-777").value(QStringLiteral("count")).toInt(), 1);
    const qint64 correlationMs = timer.elapsed();
    qInfo("GET /api/jobs with %d jobs: first page and counts %lld ms; a status-filtered next page %lld ms; "
          "by correlation id %lld ms",
        jobCount, firstMs, secondMs, correlationMs);

    // What is asserted: the plans use the indexes (no sequential scan of the jobs).
    const auto plan = [&](const QString &sql) {
        QString text;
        thetool::repo::runBound(f.database(), QStringLiteral("EXPLAIN ") + sql, {},
            [&text](const QSqlQuery &row) { text += row.value(0).toString() + QLatin1Char('\n'); });
        return text;
    };
    const QString columns = QStringLiteral("SELECT job_id FROM analysis_jobs ");
    const QStringList queries {columns + QStringLiteral("ORDER BY created_at DESC, job_id DESC LIMIT 50"),
        columns
            + QStringLiteral("WHERE status = 'failed' AND (created_at, job_id) < (now(), 'x') "
                             "ORDER BY created_at DESC, job_id DESC LIMIT 50"),
        columns
            + QStringLiteral(
                "WHERE correlation_id = 'corr-777' ORDER BY created_at DESC, job_id DESC LIMIT 50"),
        QStringLiteral("SELECT kind, status, n FROM job_counts ORDER BY kind, status")};
    for (const QString &sql : queries) {
        const QString text = plan(sql);
        QVERIFY2(!text.contains(QLatin1String("Seq Scan on analysis_jobs")),
            qPrintable(sql + QLatin1Char('\n') + text));
    }
}

QTEST_GUILESS_MAIN(TestJobsBrowse)
#include "tst_jobs_browse.moc"
