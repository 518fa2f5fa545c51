// Several `thetool serve` instances on one PostgreSQL: the scheduler's advisory lock makes
// the cluster clean up once per interval (not once per instance), and 200 jobs submitted
// across three servers (sharing one Redis as configured in production) each run exactly once.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include "backend/repo/sqlsupport.h"
#include "tests/jobs/jobfixture.h"
#include "tests/market/fakechartserver.h"

using thetool::test::FakeChartServer;
using thetool::test::JobFixture;
using thetool::test::ServerProcess;
using thetool::test::waitUntil;

class TestOpsCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void schedulerRunsOncePerInterval();
    void threeServersTwoHundredJobs();
};

void TestOpsCluster::schedulerRunsOncePerInterval()
{
    constexpr int interval = 2;
    JobFixture f(QStringLiteral("scheduler"), true);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    f.server().setEnv(QStringLiteral("CLEANUP_INTERVAL"), QString::number(interval));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    // An old finished job for the first run to take.
    QVERIFY(!thetool::repo::runBound(f.database(),
        QStringLiteral("INSERT INTO analysis_jobs (job_id, status, created_at, updated_at, completed_at) "
                       "VALUES ('ancient', 'completed', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', "
                       "'2020-01-01T00:00:00Z')"),
        {}));
    auto second = f.sibling();
    second->setEnv(QStringLiteral("CLEANUP_INTERVAL"), QString::number(interval));
    QVERIFY2(second->start(), qPrintable(second->error()));

    const QString scheduled =
        QStringLiteral("FROM admin_audit WHERE action = 'db.cleanup' AND actor LIKE 'scheduler:%'");
    QVERIFY(waitUntil([&] { return f.count(QStringLiteral("SELECT COUNT(*) ") + scheduled) >= 4; }, 60000));
    // The instance that has been running the cleanups stops: the other one takes over.
    const QString firstActor = QStringLiteral("scheduler:%:") + QString::number(f.server().pid());
    const QString secondActor = QStringLiteral("scheduler:%:") + QString::number(second->pid());
    const bool firstRan =
        f.count(QStringLiteral("SELECT COUNT(*) ") + scheduled + QStringLiteral(" AND actor LIKE ?"),
            {firstActor})
        > 0;
    ServerProcess &leaving = firstRan ? f.server() : *second;
    const QString stayingActor = firstRan ? secondActor : firstActor;
    QVERIFY2(leaving.terminate(), "a server did not stop cleanly");
    QVERIFY(waitUntil(
        [&] {
            return f.count(
                       QStringLiteral("SELECT COUNT(*) ") + scheduled + QStringLiteral(" AND actor LIKE ?"),
                       {stayingActor})
                >= 2;
        },
        60000));
    QVERIFY2((firstRan ? *second : f.server()).terminate(), "a server did not stop cleanly");

    // Once per interval for the whole cluster: consecutive runs (whichever instance ran them)
    // are at least the interval apart by the database's clock.
    QList<double> gaps;
    QStringList actors;
    const thetool::db::DbError error = thetool::repo::runBound(f.database(),
        QStringLiteral(
            "SELECT actor, EXTRACT(EPOCH FROM created_at - LAG(created_at) OVER (ORDER BY created_at, id)) ")
            + scheduled + QStringLiteral(" ORDER BY created_at, id"),
        {}, [&](const QSqlQuery &row) {
            actors.append(row.value(0).toString());
            if (!row.value(1).isNull())
                gaps.append(row.value(1).toDouble());
        });
    QVERIFY2(!error, qPrintable(error.message));
    qInfo() << "scheduled runs by" << actors << "gaps (s)" << gaps;
    QVERIFY(gaps.size() >= 4);
    for (double gap : std::as_const(gaps))
        QVERIFY2(gap >= interval, qPrintable(QString::number(gap)));
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_jobs WHERE job_id = 'ancient'")), 0);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) ") + scheduled
                 + QStringLiteral(" AND details LIKE '%\"analysis_jobs\":1%'")),
        1);
}

void TestOpsCluster::threeServersTwoHundredJobs()
{
    constexpr int jobCount = 200;
    thetool::test::RedisTestServer redis(QStringLiteral("ops_cluster"));
    QVERIFY2(redis.isValid(), qPrintable(redis.error()));
    FakeChartServer provider;
    FakeChartServer::Response chart;
    chart.body = thetool::test::demoChartBody(QStringLiteral("ANY.NS"));
    chart.delayMs = 20;
    provider.setScript({chart});
    JobFixture f(QStringLiteral("threeservers"), true);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    std::vector<std::unique_ptr<ServerProcess>> others;
    others.push_back(f.sibling());
    others.push_back(f.sibling());
    QList<ServerProcess *> servers {&f.server(), others[0].get(), others[1].get()};
    for (qsizetype i = 0; i < servers.size(); ++i) {
        ServerProcess *server = servers[i];
        server->setEnv(QStringLiteral("MARKET_DATA_URL"), provider.url());
        server->setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
        server->setEnv(QStringLiteral("REDIS_URL"), redis.url().toString());
        QVERIFY2(server->start(60000),
            qPrintable(QStringLiteral("server %1 (REDIS_URL %2): %3")
                           .arg(i)
                           .arg(redis.url().toString(), server->error())));
    }

    QStringList jobIds;
    for (int i = 0; i < jobCount; ++i) {
        QString why;
        const QString ticker = QStringLiteral("C%1.NS").arg(i, 3, 10, QLatin1Char('0'));
        const QString id =
            f.analyze(*servers[i % 3], QJsonObject {{QStringLiteral("tickers"), QJsonArray {ticker}}}, &why);
        QVERIFY2(!id.isEmpty(), qPrintable(why));
        jobIds.append(id);
    }
    QVERIFY(waitUntil(
        [&] {
            return f.count(QStringLiteral(
                       "SELECT COUNT(*) FROM analysis_jobs WHERE status IN ('queued', 'processing')"))
                == 0;
        },
        240000));
    // Exactly once: one attempt each, one "started" line each, one result each.
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_jobs")), jobCount);
    QCOMPARE(f.count(QStringLiteral(
                 "SELECT COUNT(*) FROM analysis_jobs WHERE status = 'completed' AND attempt = 1")),
        jobCount);
    QCOMPARE(
        f.count(QStringLiteral("SELECT COUNT(*) FROM job_logs WHERE message LIKE 'started:%'")), jobCount);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM analysis_results")), jobCount);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(DISTINCT job_id) FROM analysis_results")), jobCount);
    QCOMPARE(f.count(QStringLiteral("SELECT COUNT(*) FROM (SELECT job_id FROM analysis_results GROUP BY "
                                    "job_id HAVING COUNT(*) > 1) d")),
        0);
    QCOMPARE(
        f.count(QStringLiteral("SELECT n FROM job_counts WHERE kind = 'analysis' AND status = 'completed'")),
        jobCount);
    QList<qint64> perInstance;
    const thetool::db::DbError error = thetool::repo::runBound(f.database(),
        QStringLiteral(
            "SELECT split_part(lease_owner, '/', 1), COUNT(*) FROM analysis_jobs GROUP BY 1 ORDER BY 1"),
        {}, [&](const QSqlQuery &row) { perInstance.append(row.value(1).toLongLong()); });
    QVERIFY2(!error, qPrintable(error.message));
    qInfo() << "jobs per instance:" << perInstance;
    QCOMPARE(perInstance.size(), 3);
}

QTEST_GUILESS_MAIN(TestOpsCluster)
#include "tst_ops_cluster.moc"
