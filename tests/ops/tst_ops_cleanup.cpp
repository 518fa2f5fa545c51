// The cleanup on SQLite and PostgreSQL through a real `thetool serve` and `thetool cleanup`:
// a preview (API and CLI) counts exactly what the run then deletes, per table and job state;
// active jobs and, by default, results survive; every run writes an admin_audit row.
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

#include "backend/repo/sqlsupport.h"
#include "tests/jobs/jobfixture.h"

using thetool::test::JobFixture;
using thetool::test::ServerProcess;

namespace {

const QString longAgo = QStringLiteral("2020-01-01T00:00:00.000Z");
const QString farAhead = QStringLiteral("2999-01-01T00:00:00.000Z");

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

bool exec(JobFixture &f, const QString &sql, const QVariantList &binds)
{
    const thetool::db::DbError e = thetool::repo::runBound(f.database(), sql, binds);
    if (e)
        qWarning() << sql << e.message;
    return !e;
}

bool addJob(JobFixture &f, const QString &id, const QString &status, const QString &at)
{
    // Active jobs are held away from the workers: queued ones run far ahead, the processing
    // one has a lease that does not lapse.
    return exec(f,
        QStringLiteral(
            "INSERT INTO analysis_jobs (job_id, status, kind, tickers_json, created_at, updated_at, "
            "completed_at, run_at, lease_owner, lease_until) VALUES (?, ?, 'analysis', '[\"X.NS\"]', "
            "?, ?, ?, ?, ?, ?)"),
        {id, status, at, at,
            status == QLatin1String("completed") ? QVariant(at) : QVariant(QMetaType::fromType<QString>()),
            farAhead,
            status == QLatin1String("processing") ? QVariant(QStringLiteral("ghost/w1"))
                                                  : QVariant(QMetaType::fromType<QString>()),
            status == QLatin1String("processing") ? QVariant(farAhead)
                                                  : QVariant(QMetaType::fromType<QString>())});
}

bool addLogs(JobFixture &f, const QString &jobId, int n, const QString &at)
{
    for (int i = 0; i < n; ++i) {
        if (!exec(f,
                QStringLiteral(
                    "INSERT INTO job_logs (job_id, created_at, level, message) VALUES (?, ?, 'info', ?)"),
                {jobId, at, QStringLiteral("line %1").arg(i)}))
            return false;
    }
    return true;
}

bool addResult(JobFixture &f, const QString &jobId, const QString &ticker, const QString &at)
{
    return exec(f,
        QStringLiteral("INSERT INTO analysis_results (ticker, score, verdict, job_id, created_at) VALUES (?, "
                       "50, 'Neutral', ?, ?)"),
        {ticker, jobId, at});
}

bool addBars(JobFixture &f, const QString &symbol, const QString &source, int n, const QString &fetchedAt)
{
    for (int i = 0; i < n; ++i) {
        if (!exec(f,
                QStringLiteral("INSERT INTO price_bars (symbol, date, open, high, low, close, volume, "
                               "source, fetched_at) "
                               "VALUES (?, ?, 1, 2, 0.5, 1.5, 100, ?, ?)"),
                {symbol, QDate(2024, 1, 1).addDays(i).toString(Qt::ISODate), source, fetchedAt}))
            return false;
    }
    return true;
}

// Old finished jobs 3 completed, 2 failed, 1 cancelled (4 log lines each, a result for each
// completed one); old active jobs (queued with a result, processing); 2 recent completed jobs;
// 5 old and 2 recent events; a dead worker; bars of an old provider symbol (3), an old CSV
// import (2) and a recent provider symbol (2).
bool seed(JobFixture &f)
{
    const QString recent = nowIso();
    bool ok = true;
    for (int i = 1; i <= 3; ++i)
        ok = ok && addJob(f, QStringLiteral("old-completed-%1").arg(i), QStringLiteral("completed"), longAgo)
            && addResult(
                f, QStringLiteral("old-completed-%1").arg(i), QStringLiteral("R%1.NS").arg(i), longAgo);
    for (int i = 1; i <= 2; ++i)
        ok = ok && addJob(f, QStringLiteral("old-failed-%1").arg(i), QStringLiteral("failed"), longAgo);
    ok = ok && addJob(f, QStringLiteral("old-cancelled"), QStringLiteral("cancelled"), longAgo);
    for (const QString &id : {QStringLiteral("old-completed-1"), QStringLiteral("old-completed-2"),
             QStringLiteral("old-completed-3"), QStringLiteral("old-failed-1"),
             QStringLiteral("old-failed-2"), QStringLiteral("old-cancelled")})
        ok = ok && addLogs(f, id, 4, longAgo);
    ok = ok && addJob(f, QStringLiteral("old-queued"), QStringLiteral("queued"), longAgo)
        && addLogs(f, QStringLiteral("old-queued"), 2, longAgo)
        && addResult(f, QStringLiteral("old-queued"), QStringLiteral("Q.NS"), longAgo)
        && addJob(f, QStringLiteral("old-processing"), QStringLiteral("processing"), longAgo);
    for (int i = 1; i <= 2; ++i)
        ok = ok && addJob(f, QStringLiteral("recent-%1").arg(i), QStringLiteral("completed"), recent)
            && addLogs(f, QStringLiteral("recent-%1").arg(i), 1, recent);
    ok = ok && addResult(f, QStringLiteral("recent-1"), QStringLiteral("N.NS"), recent);
    for (int i = 0; i < 7; ++i)
        ok = ok
            && exec(f,
                QStringLiteral(
                    "INSERT INTO job_events (created_at, job_id, type, data) VALUES (?, ?, 'job', '{}')"),
                {i < 5 ? longAgo : recent, QStringLiteral("old-completed-1")});
    ok = ok
        && exec(f,
            QStringLiteral("INSERT INTO workers (worker_id, instance, status, started_at, heartbeat_at) "
                           "VALUES ('dead:1/w1', 'dead:1', 'idle', ?, ?)"),
            {longAgo, longAgo});
    ok = ok && addBars(f, QStringLiteral("OLDY.NS"), QStringLiteral("yahoo"), 3, longAgo)
        && addBars(f, QStringLiteral("CSVY.NS"), QStringLiteral("csv"), 2, longAgo)
        && addBars(f, QStringLiteral("NEWY.NS"), QStringLiteral("yahoo"), 2, recent);
    return ok;
}

QJsonObject cleanupCall(JobFixture &f, bool dryRun, int *status)
{
    const auto answer =
        f.post(f.server(), "/api/admin/db/cleanup", QJsonObject {{QStringLiteral("dry_run"), dryRun}});
    *status = answer ? answer->status : 0;
    return answer ? QJsonDocument::fromJson(answer->body).object() : QJsonObject();
}

// `thetool cleanup ARGS` on the server's database; its stdout, or empty on failure.
QByteArray runCli(const ServerProcess &server, const QStringList &args, int *exitCode)
{
    QProcess cli;
    cli.setProcessEnvironment(server.environment());
    cli.start(qEnvironmentVariable("THETOOL_BIN"), QStringList {QStringLiteral("cleanup")} + args);
    cli.waitForFinished(60000);
    *exitCode = cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
    if (*exitCode != 0)
        qWarning() << cli.readAllStandardError();
    return cli.readAllStandardOutput();
}

} // namespace

class TestOpsCleanup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void previewEqualsRun_data();
    void previewEqualsRun();
};

void TestOpsCleanup::previewEqualsRun_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::addColumn<bool>("retention");
    QTest::newRow("sqlite") << false << false;
    QTest::newRow("sqlite-retention") << false << true;
    QTest::newRow("pg") << true << false;
    QTest::newRow("pg-retention") << true << true;
}

void TestOpsCleanup::previewEqualsRun()
{
    QFETCH(bool, postgres);
    QFETCH(bool, retention);
    JobFixture f(QStringLiteral("cleanup%1").arg(retention ? 1 : 0), postgres);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    f.server().setEnv(QStringLiteral("CLEANUP_INTERVAL"), QStringLiteral("0"));
    if (retention) {
        f.server().setEnv(QStringLiteral("RESULTS_RETENTION_DAYS"), QStringLiteral("30"));
        f.server().setEnv(QStringLiteral("PRICE_BARS_RETENTION_DAYS"), QStringLiteral("30"));
    }
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    QVERIFY(seed(f));
    const qint64 resultsBefore = f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_results"));
    QCOMPARE(resultsBefore, 5);

    int status = 0;
    const QJsonObject preview = cleanupCall(f, true, &status);
    QCOMPARE(status, 200);
    QVERIFY(preview.value(QStringLiteral("dry_run")).toBool());
    const QJsonObject tables = preview.value(QStringLiteral("tables")).toObject();
    const QJsonObject expected {{QStringLiteral("analysis_jobs"), 6}, {QStringLiteral("job_logs"), 24},
        {QStringLiteral("job_events"), 5}, {QStringLiteral("workers"), 1},
        {QStringLiteral("analysis_results"), retention ? 3 : 0},
        {QStringLiteral("price_bars"), retention ? 3 : 0}};
    QCOMPARE(tables, expected);
    QCOMPARE(preview.value(QStringLiteral("jobs_by_state")).toObject(),
        (QJsonObject {{QStringLiteral("completed"), 3}, {QStringLiteral("failed"), 2},
            {QStringLiteral("cancelled"), 1}}));
    QCOMPARE(preview.value(QStringLiteral("results_detached")).toInteger(), retention ? 0 : 3);
    QCOMPARE(preview.value(QStringLiteral("total")).toInteger(), retention ? 42 : 36);
    // Nothing changed.
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_jobs")), 10);

    // The command line's dry run counts the same.
    int exitCode = -1;
    const QByteArray cliJson =
        runCli(f.server(), {QStringLiteral("--dry-run"), QStringLiteral("--json")}, &exitCode);
    QCOMPARE(exitCode, 0);
    const QJsonObject cli = QJsonDocument::fromJson(cliJson).object();
    QCOMPARE(cli.value(QStringLiteral("tables")).toObject(), tables);
    QCOMPARE(cli.value(QStringLiteral("jobs_by_state")).toObject(),
        preview.value(QStringLiteral("jobs_by_state")).toObject());
    const QByteArray cliText = runCli(f.server(), {QStringLiteral("--dry-run")}, &exitCode);
    QCOMPARE(exitCode, 0);
    QVERIFY2(cliText.contains("would delete (dry run):"), cliText.constData());
    QVERIFY2(QString::fromUtf8(cliText).contains(QRegularExpression(QStringLiteral("job_logs\\s+24\\n"))),
        cliText.constData());
    QVERIFY2(
        QString::fromUtf8(cliText).contains(QRegularExpression(QStringLiteral("jobs completed\\s+3\\n"))),
        cliText.constData());

    const QJsonObject run = cleanupCall(f, false, &status);
    QCOMPARE(status, 200);
    QVERIFY(!run.value(QStringLiteral("dry_run")).toBool());
    QCOMPARE(run.value(QStringLiteral("tables")).toObject(), tables);
    QCOMPARE(run.value(QStringLiteral("jobs_by_state")).toObject(),
        preview.value(QStringLiteral("jobs_by_state")).toObject());
    QCOMPARE(run.value(QStringLiteral("results_detached")).toInteger(),
        preview.value(QStringLiteral("results_detached")).toInteger());

    // What stays: active and recent jobs with their lines; results (by default all of them,
    // the deleted jobs' ones without their job link); the CSV import and recent bars.
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_jobs WHERE job_id IN ('old-queued', "
                                    "'old-processing', 'recent-1', 'recent-2')")),
        4);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_jobs WHERE job_id LIKE 'old-%'")), 2);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM job_logs")), 4);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM job_events")), 2);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_results")), retention ? 2 : 5);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_results WHERE job_id IS NULL")),
        retention ? 0 : 3);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_results WHERE ticker = 'Q.NS'")),
        1); // active job's
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM price_bars")), retention ? 4 : 7);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM price_bars WHERE symbol = 'CSVY.NS'")), 2);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM workers WHERE worker_id = 'dead:1/w1'")), 0);
    // The triggers kept job_counts right through the batched deletes.
    QCOMPARE(f.count(QStringLiteral("SELECT SUM(n) FROM job_counts")), 4);

    // Nothing left to do; the CLI run agrees.
    QCOMPARE(cleanupCall(f, true, &status).value(QStringLiteral("total")).toInteger(), 0);
    const QJsonObject cliRun =
        QJsonDocument::fromJson(runCli(f.server(), {QStringLiteral("--json")}, &exitCode)).object();
    QCOMPARE(exitCode, 0);
    QCOMPARE(cliRun.value(QStringLiteral("total")).toInteger(), 0);
    QVERIFY(!cliRun.value(QStringLiteral("dry_run")).toBool());

    // An audit row per run and per preview, with the counts.
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM admin_audit WHERE action = 'db.cleanup'")), 2);
    QCOMPARE(
        f.count(QStringLiteral("SELECT COUNT(*) FROM admin_audit WHERE action = 'db.cleanup.preview'")), 4);
    QCOMPARE(f.count(QStringLiteral(
                 "SELECT COUNT(*) FROM admin_audit WHERE action = 'db.cleanup' AND actor = 'master'")),
        1);
    QCOMPARE(f.count(QStringLiteral(
                 "SELECT COUNT(*) FROM admin_audit WHERE action = 'db.cleanup' AND actor LIKE 'cli:%'")),
        1);
    QString details;
    thetool::repo::runBound(f.database(),
        QStringLiteral("SELECT details FROM admin_audit WHERE action = 'db.cleanup' AND actor = 'master'"),
        {}, [&details](const QSqlQuery &row) { details = row.value(0).toString(); });
    QCOMPARE(QJsonDocument::fromJson(details.toUtf8()).object().value(QStringLiteral("tables")).toObject(),
        tables);

    // Bad input is a clear 400.
    const auto bad = f.post(f.server(), "/api/admin/db/cleanup",
        QJsonObject {{QStringLiteral("dry_run"), QStringLiteral("yes")}});
    QVERIFY(bad);
    QCOMPARE(bad->status, 400);
}

QTEST_GUILESS_MAIN(TestOpsCleanup)
#include "tst_ops_cleanup.moc"
