// `thetool serve` on PostgreSQL through an outage: stopped server, frozen backends,
// recovery without a restart (issue 5, acceptance 3). Uses a private cluster: the shared
// one serves tests running in parallel.
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <csignal>

#include "tests/api/serverprocess.h"
#include "tests/support/privatepgcluster.h"

using thetool::test::PrivatePgCluster;
using thetool::test::ServerProcess;

namespace {

struct Probe {
    int status = 0;
    QString database;
    qint64 elapsedMs = 0;
};

Probe probeHealth(ServerProcess &server)
{
    QElapsedTimer timer;
    timer.start();
    const auto response = server.get("/health");
    Probe probe;
    probe.elapsedMs = timer.elapsed();
    if (response) {
        probe.status = response->status;
        probe.database =
            QJsonDocument::fromJson(response->body).object().value(QStringLiteral("database")).toString();
    }
    return probe;
}

// Polls /health until it answers 200, for at most `limitMs`; returns the time it took or -1.
qint64 waitHealthy(ServerProcess &server, qint64 limitMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < limitMs) {
        if (probeHealth(server).status == 200)
            return timer.elapsed();
        QThread::msleep(100);
    }
    return -1;
}

// The backends serving the server's connections (application_name set by the db layer).
QList<qint64> serverBackends(const PrivatePgCluster &cluster)
{
    QList<qint64> pids;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("outage-admin"));
        const QUrl url = cluster.url();
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(QStringLiteral("postgres"));
        if (db.open()) {
            QSqlQuery query(db);
            query.exec(
                QStringLiteral("SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'thetool%' "
                               "AND pid <> pg_backend_pid()"));
            while (query.next())
                pids.append(query.value(0).toLongLong());
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("outage-admin"));
    return pids;
}

} // namespace

class TestServePgOutage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outageAndRecovery()
    {
        PrivatePgCluster cluster;
        QString error;
        QVERIFY2(cluster.create(&error), qPrintable(error));
        ServerProcess server;
        server.setEnv(QStringLiteral("DATABASE_URL"), cluster.url().toString());
        server.setEnv(QStringLiteral("STATEMENT_TIMEOUT_MS"), QStringLiteral("1500"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(probeHealth(server).status, 200);

        // 1. PostgreSQL stopped hard: /health says so with 503, quickly.
        QVERIFY2(cluster.stop(QStringLiteral("immediate"), &error), qPrintable(error));
        const Probe down = probeHealth(server);
        qInfo() << "stopped: /health" << down.status << down.database << down.elapsedMs << "ms";
        QCOMPARE(down.status, 503);
        QCOMPARE(down.database, QStringLiteral("error"));
        QVERIFY2(down.elapsedMs < 2000, "a stopped database must be reported within 2 s");
        // Routes that do not need the database keep working.
        QCOMPARE(server.get("/config", server.authHeader())->status, 200);

        // 2. Back up: recovery without restarting the server.
        QVERIFY2(cluster.start(&error), qPrintable(error));
        const qint64 recovered = waitHealthy(server, 5000);
        qInfo() << "restarted: healthy after" << recovered << "ms";
        QVERIFY2(recovered >= 0, "the server must recover within 5 s of PostgreSQL's return");

        // 3. Backends frozen (kill -STOP): requests fail within statement_timeout + 1 s.
        for (int i = 0; i < 8; ++i) // touch every handler thread's connection
            probeHealth(server);
        const QList<qint64> frozen = serverBackends(cluster);
        QVERIFY(!frozen.isEmpty());
        for (qint64 pid : frozen)
            ::kill(static_cast<pid_t>(pid), SIGSTOP);
        const Probe stuck = probeHealth(server);
        for (qint64 pid : frozen)
            ::kill(static_cast<pid_t>(pid), SIGCONT);
        qInfo() << "frozen:" << frozen.size() << "backends; /health" << stuck.status << stuck.elapsedMs
                << "ms";
        QCOMPARE(stuck.status, 503);
        QVERIFY2(stuck.elapsedMs < 1500 + 1000, "a frozen backend must fail within statement_timeout + 1 s");
        const qint64 thawed = waitHealthy(server, 5000);
        QVERIFY2(thawed >= 0, "the server must recover within 5 s after the backends resume");
        QVERIFY(server.terminate());
    }
};

QTEST_GUILESS_MAIN(TestServePgOutage)
#include "tst_serve_pg_outage.moc"
