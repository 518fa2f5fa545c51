// Disk full on SQLite (issue 23): while the server may not write past a file size limit
// (prlimit --fsize on the running server, which ignores SIGXFSZ), every write request gets a
// clean JSON error (507 INSUFFICIENT_STORAGE, or 503) and reads keep working; once the limit
// is lifted writes succeed again, and the database file passes PRAGMA integrity_check with
// exactly the jobs that were acknowledged.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include "tests/api/serverprocess.h"

using thetool::test::ServerProcess;

namespace {

bool setFileSizeLimit(qint64 pid, const QString &limit)
{
    const int code = QProcess::execute(QStringLiteral("prlimit"),
        {QStringLiteral("--pid"), QString::number(pid), QStringLiteral("--fsize=%1:unlimited").arg(limit)});
    return code == 0;
}

QByteArray analyzeBody(int i)
{
    return QJsonDocument(
        QJsonObject {{QStringLiteral("tickers"), QJsonArray {QStringLiteral("DISK%1.NS").arg(i)}},
            {QStringLiteral("use_demo_data"), true}, {QStringLiteral("force"), true}})
        .toJson(QJsonDocument::Compact);
}

// Polls a job until it is finished; its final status, or "" after the bound.
QString waitFinished(ServerProcess &server, const QString &jobId)
{
    for (int i = 0; i < 200; ++i) {
        const auto response = server.get("/api/analysis/status/" + jobId.toUtf8(), server.authHeader());
        if (response && response->status == 200) {
            const QString status =
                QJsonDocument::fromJson(response->body).object().value(QStringLiteral("status")).toString();
            if (status == QLatin1String("completed") || status == QLatin1String("failed"))
                return status;
        }
        QThread::msleep(100);
    }
    return {};
}

} // namespace

class TestDiskFull : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesRefusedCleanlyThenRecover()
    {
        ServerProcess server;
        server.setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
        server.setEnv(QStringLiteral("JOB_LEASE_SECONDS"), QStringLiteral("3"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        QSet<QString> acknowledged;

        // Before: a job is accepted and runs.
        auto created = server.request("POST", "/api/analysis/analyze", server.authHeader(), analyzeBody(0));
        QVERIFY(created && created->status == 201);
        const QString first =
            QJsonDocument::fromJson(created->body).object().value(QStringLiteral("job_id")).toString();
        acknowledged.insert(first);
        QCOMPARE(waitFinished(server, first), QStringLiteral("completed"));

        // Full: no file of the server may grow past 1 byte (any write at a later offset fails).
        QVERIFY(setFileSizeLimit(server.pid(), QStringLiteral("1")));
        int refused = 0;
        for (int i = 1; i <= 10; ++i) {
            const auto response =
                server.request("POST", "/api/analysis/analyze", server.authHeader(), analyzeBody(i));
            QVERIFY2(response.has_value(), "no answer while the disk is full");
            const QJsonObject error =
                QJsonDocument::fromJson(response->body).object().value(QStringLiteral("error")).toObject();
            if (response->status == 201) {
                // A write can still fit in pages SQLite already has: then it must be a real job.
                acknowledged.insert(QJsonDocument::fromJson(response->body)
                                        .object()
                                        .value(QStringLiteral("job_id"))
                                        .toString());
                continue;
            }
            QVERIFY2(response->status == 507 || response->status == 503,
                qPrintable(QString::number(response->status) + QLatin1Char(' ')
                    + QString::fromUtf8(response->body)));
            QVERIFY2(!error.value(QStringLiteral("code")).toString().isEmpty(), response->body.constData());
            ++refused;
        }
        QVERIFY2(refused >= 8, qPrintable(QString::number(refused)));
        // Reads still work, and the server is still up after its workers met the full disk.
        QThread::msleep(3000);
        const auto status = server.get("/api/analysis/status/" + first.toUtf8(), server.authHeader());
        QVERIFY(status && status->status == 200);
        const auto health = server.get("/health");
        QVERIFY(health.has_value());

        // Space returns: writes succeed again without a restart.
        QVERIFY(setFileSizeLimit(server.pid(), QStringLiteral("unlimited")));
        QString after;
        for (int attempt = 0; attempt < 50 && after.isEmpty(); ++attempt) {
            const auto response = server.request(
                "POST", "/api/analysis/analyze", server.authHeader(), analyzeBody(100 + attempt));
            if (response && response->status == 201)
                after = QJsonDocument::fromJson(response->body)
                            .object()
                            .value(QStringLiteral("job_id"))
                            .toString();
            else
                QThread::msleep(200);
        }
        QVERIFY2(!after.isEmpty(), "writes did not recover once the limit was lifted");
        acknowledged.insert(after);
        QCOMPARE(waitFinished(server, after), QStringLiteral("completed"));
        QVERIFY(server.terminate());

        // Nothing corrupted, nothing lost, nothing extra.
        const QString dbPath = QDir(server.dataPath()).filePath(QStringLiteral("thetool.db"));
        QSet<QString> stored;
        QString integrity;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("diskfull"));
            db.setDatabaseName(dbPath);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA integrity_check")) && query.next());
            integrity = query.value(0).toString();
            QVERIFY(query.exec(QStringLiteral("SELECT job_id, status FROM analysis_jobs")));
            while (query.next()) {
                stored.insert(query.value(0).toString());
                QVERIFY2(query.value(1).toString() == QLatin1String("completed"),
                    qPrintable(query.value(0).toString() + QLatin1Char(' ') + query.value(1).toString()));
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("diskfull"));
        qInfo("refused while full: %d of 10; jobs stored %lld, acknowledged %lld; integrity_check: %s",
            refused, static_cast<long long>(stored.size()), static_cast<long long>(acknowledged.size()),
            qPrintable(integrity));
        QCOMPARE(integrity, QStringLiteral("ok"));
        QCOMPARE(stored, acknowledged);
    }
};

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
