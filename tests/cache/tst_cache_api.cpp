// Issue 15 acceptance 2 and 3 through real `thetool serve` processes: the second identical
// analysis is a cache hit (memory and Redis) and /health's hit rate moves; two servers sharing
// Redis see each other's results and counters; Redis stopped mid-run fails no request and
// /health shows the fallback with 200, and Redis back resumes the shared counters; the
// rate-limit bucket of a key drains across servers.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "tests/cache/redisprocess.h"
#include "tests/jobs/jobfixture.h"

using thetool::test::JobFixture;
using thetool::test::ServerProcess;

namespace {

QJsonObject bodyOf(const std::optional<thetool::test::RawClient::Response> &response)
{
    return response ? QJsonDocument::fromJson(response->body).object() : QJsonObject();
}

struct Health {
    int status = 0;
    QJsonObject body;
    QJsonObject cache() const { return body.value(QStringLiteral("cache")).toObject(); }
    qint64 hits() const { return cache().value(QStringLiteral("hits")).toInteger(-1); }
    qint64 misses() const { return cache().value(QStringLiteral("misses")).toInteger(-1); }
    QString redis() const { return body.value(QStringLiteral("redis")).toString(); }
};

Health health(ServerProcess &server)
{
    const auto response = server.get("/health");
    return response ? Health {response->status, bodyOf(response)} : Health {};
}

// Runs a demo analysis of `ticker` (strategy 2) on `server` to completion; its one result row.
QJsonObject analyse(JobFixture &f, ServerProcess &server, const QString &ticker, QString *jobId)
{
    const QJsonObject body {{QStringLiteral("tickers"), QJsonArray {ticker}},
        {QStringLiteral("use_demo_data"), true}, {QStringLiteral("strategy_id"), 2},
        {QStringLiteral("force"), true}};
    QString why;
    *jobId = f.analyze(server, body, &why);
    if (jobId->isEmpty()) {
        qWarning("analyze refused: %s", qPrintable(why));
        return {};
    }
    const QJsonObject status = f.waitForStatus(server, *jobId, thetool::test::isFinal, 60000);
    if (status.value(QStringLiteral("status")).toString() != QLatin1String("completed")) {
        qWarning(
            "job did not complete: %s", QJsonDocument(status).toJson(QJsonDocument::Compact).constData());
        return {};
    }
    const QJsonArray results = status.value(QStringLiteral("results")).toArray();
    return results.size() == 1 ? results.first().toObject() : QJsonObject();
}

// What a cached row must equal in the computed one (not ids or times).
void compareComputed(const QJsonObject &cached, const QJsonObject &computed)
{
    for (const char *field : {"ticker", "score", "verdict", "entry", "stop_loss", "target", "position_size",
             "risk_reward_ratio", "data_source", "is_demo_data", "strategy_id"})
        QVERIFY2(cached.value(QLatin1String(field)) == computed.value(QLatin1String(field)), field);
    QVERIFY(!cached.value(QStringLiteral("verdict")).toString().isEmpty());
}

void useRedis(ServerProcess &server, const QString &url, const QString &prefix)
{
    server.setEnv(QStringLiteral("REDIS_URL"), url);
    server.setEnv(QStringLiteral("REDIS_KEY_PREFIX"), prefix);
}

} // namespace

class TestCacheApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondAnalysisIsAHit_data()
    {
        QTest::addColumn<bool>("redis");
        QTest::newRow("memory") << false;
        QTest::newRow("redis") << true;
    }

    void secondAnalysisIsAHit()
    {
        QFETCH(bool, redis);
        thetool::test::RedisTestServer shared(QStringLiteral("cache_api_hit"));
        JobFixture f(QStringLiteral("cache_hit"), false);
        if (redis) {
            QVERIFY2(shared.isValid(), qPrintable(shared.error()));
            useRedis(f.server(), shared.url().toString(), shared.keyPrefix());
        }
        QVERIFY2(f.server().start(), qPrintable(f.server().error()));

        Health h = health(f.server());
        QCOMPARE(h.status, 200);
        QCOMPARE(h.cache().value(QStringLiteral("enabled")).toBool(), true);
        QCOMPARE(h.cache().value(QStringLiteral("backend")).toString(),
            redis ? QStringLiteral("redis") : QStringLiteral("memory"));
        QCOMPARE(h.redis(), redis ? QStringLiteral("connected") : QStringLiteral("disabled"));
        QCOMPARE(h.hits(), 0);
        QCOMPARE(h.misses(), 0);

        QString first;
        const QJsonObject computed = analyse(f, f.server(), QStringLiteral("TCS.NS"), &first);
        QVERIFY(!computed.isEmpty());
        h = health(f.server());
        QCOMPARE(h.hits(), 0);
        QCOMPARE(h.misses(), 1);
        QCOMPARE(h.cache().value(QStringLiteral("hit_rate")).toDouble(), 0.0);

        QString second;
        const QJsonObject cached = analyse(f, f.server(), QStringLiteral("TCS.NS"), &second);
        QVERIFY(!cached.isEmpty());
        h = health(f.server());
        QCOMPARE(h.hits(), 1);
        QCOMPARE(h.misses(), 1);
        QCOMPARE(h.cache().value(QStringLiteral("hit_rate")).toDouble(), 0.5);
        // The hit still stored a complete row of its own job.
        QCOMPARE(cached.value(QStringLiteral("job_id")).toString(), second);
        compareComputed(cached, computed);
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id = ? AND status = "
                                        "'completed' AND raw_data = (SELECT raw_data FROM analysis_results "
                                        "WHERE job_id = ?)"),
                     {second, first}),
            1);

        // The admin routes: stats, then clearing (the counters stay).
        const QByteArray admin = f.server().authHeader();
        QJsonObject stats = bodyOf(f.server().get("/api/admin/cache", admin));
        QCOMPARE(stats.value(QStringLiteral("entries")).toInteger(), 1);
        QCOMPARE(stats.value(QStringLiteral("hits")).toInteger(), 1);
        QCOMPARE(stats.value(QStringLiteral("ttl_seconds")).toInt(), 3600);
        if (redis)
            QCOMPARE(stats.value(QStringLiteral("breaker")).toString(), QStringLiteral("closed"));
        else
            QVERIFY(stats.value(QStringLiteral("breaker")).isNull());
        const auto cleared = f.server().request("DELETE", "/api/admin/cache", admin);
        QVERIFY(cleared);
        QCOMPARE(cleared->status, 200);
        QCOMPARE(bodyOf(cleared).value(QStringLiteral("removed")).toInteger(), 1);
        stats = bodyOf(f.server().get("/api/admin/cache", admin));
        QCOMPARE(stats.value(QStringLiteral("entries")).toInteger(), 0);
        QCOMPARE(stats.value(QStringLiteral("hits")).toInteger(), 1);
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM admin_audit WHERE action = 'cache.clear'")), 1);
        QString third;
        QVERIFY(!analyse(f, f.server(), QStringLiteral("TCS.NS"), &third).isEmpty());
        QCOMPARE(health(f.server()).misses(), 2); // computed again after the clear
    }

    void bulkJobHitsToo()
    {
        // A bulk job looks up on its worker thread and computes only the misses in parallel.
        JobFixture f(QStringLiteral("cache_bulk"), false);
        QVERIFY2(f.server().start(), qPrintable(f.server().error()));
        const QJsonObject body {
            {QStringLiteral("symbols"),
                QJsonArray {QStringLiteral("TCS.NS"), QStringLiteral("INFY.NS"), QStringLiteral("WIPRO.NS")}},
            {QStringLiteral("use_demo_data"), true}, {QStringLiteral("force"), true}};
        QStringList jobs;
        for (int run = 0; run < 2; ++run) {
            const auto created = f.post(f.server(), "/api/stocks/analyze-all-stocks", body);
            QVERIFY(created);
            QCOMPARE(created->status, 201);
            jobs.append(bodyOf(created).value(QStringLiteral("job_id")).toString());
            const QJsonObject status =
                f.waitForStatus(f.server(), jobs.last(), thetool::test::isFinal, 60000);
            QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
            QCOMPARE(status.value(QStringLiteral("successful")).toInt(), 3);
        }
        const Health h = health(f.server());
        QCOMPARE(h.misses(), 3);
        QCOMPARE(h.hits(), 3);
        // Every row of the second job is complete and equals the first job's.
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM analysis_results a JOIN analysis_results b ON "
                                        "a.ticker = b.ticker AND a.score = b.score AND a.verdict = b.verdict "
                                        "AND a.raw_data = b.raw_data WHERE a.job_id = ? AND b.job_id = ? "
                                        "AND b.status = 'completed'"),
                     {jobs[0], jobs[1]}),
            3);
    }

    void disabledCacheComputesEveryTime()
    {
        JobFixture f(QStringLiteral("cache_off"), false);
        f.server().setEnv(QStringLiteral("CACHE_ENABLED"), QStringLiteral("false"));
        QVERIFY2(f.server().start(), qPrintable(f.server().error()));
        QString a, b;
        QVERIFY(!analyse(f, f.server(), QStringLiteral("INFY.NS"), &a).isEmpty());
        QVERIFY(!analyse(f, f.server(), QStringLiteral("INFY.NS"), &b).isEmpty());
        const Health h = health(f.server());
        QCOMPARE(h.cache().value(QStringLiteral("enabled")).toBool(), false);
        QCOMPARE(h.hits(), 0);
        QCOMPARE(h.misses(), 0);
        const QJsonObject stats = bodyOf(f.server().get("/api/admin/cache", f.server().authHeader()));
        QCOMPARE(stats.value(QStringLiteral("enabled")).toBool(), false);
        QVERIFY(stats.value(QStringLiteral("entries")).isNull());
    }

    void twoServersShareResultsAndCounters()
    {
        thetool::test::RedisTestServer shared(QStringLiteral("cache_api_two"));
        QVERIFY2(shared.isValid(), qPrintable(shared.error()));
        JobFixture f(QStringLiteral("cache_two"), false);
        auto b = f.sibling(); // its own SQLite: only Redis links the two
        useRedis(f.server(), shared.url().toString(), shared.keyPrefix());
        useRedis(*b, shared.url().toString(), shared.keyPrefix());
        QVERIFY2(f.server().start(), qPrintable(f.server().error()));
        QVERIFY2(b->start(), qPrintable(b->error()));

        QString onA, onB;
        const QJsonObject computed = analyse(f, f.server(), QStringLiteral("RELIANCE.NS"), &onA);
        QVERIFY(!computed.isEmpty());
        const QJsonObject cached = analyse(f, *b, QStringLiteral("RELIANCE.NS"), &onB);
        QVERIFY(!cached.isEmpty());
        compareComputed(cached, computed);
        for (ServerProcess *server : {&f.server(), b.get()}) {
            const Health h = health(*server);
            QCOMPARE(h.hits(), 1); // B's hit, seen from both
            QCOMPARE(h.misses(), 1); // A's miss
            QCOMPARE(h.cache().value(QStringLiteral("hit_rate")).toDouble(), 0.5);
        }
    }

    void redisOutageFallsBackAndRecovers()
    {
        thetool::test::RedisProcess redis;
        QString error;
        QVERIFY2(redis.start(&error), qPrintable(error));
        JobFixture f(QStringLiteral("cache_outage"), false);
        auto b = f.sibling();
        for (ServerProcess *server : {&f.server(), b.get()}) {
            useRedis(*server, redis.url(), QStringLiteral("outage:"));
            server->setEnv(QStringLiteral("REDIS_RETRY_SECONDS"), QStringLiteral("1"));
            server->setEnv(QStringLiteral("REDIS_TIMEOUT_MS"), QStringLiteral("300"));
        }
        QVERIFY2(f.server().start(), qPrintable(f.server().error()));
        QVERIFY2(b->start(), qPrintable(b->error()));
        QString job;
        QVERIFY(!analyse(f, f.server(), QStringLiteral("TCS.NS"), &job).isEmpty());
        QCOMPARE(health(*b).misses(), 1);

        redis.kill();
        // No request fails: reads, rate-limited calls, a whole job, /health itself.
        for (int i = 0; i < 10; ++i) {
            for (ServerProcess *server : {&f.server(), b.get()}) {
                const auto config = server->get("/config", server->authHeader());
                QVERIFY(config);
                QCOMPARE(config->status, 200);
            }
        }
        QVERIFY(!analyse(f, *b, QStringLiteral("TCS.NS"), &job).isEmpty());
        for (ServerProcess *server : {&f.server(), b.get()}) {
            const Health h = health(*server);
            QCOMPARE(h.status, 200);
            QCOMPARE(h.redis(), QStringLiteral("error"));
            QCOMPARE(h.body.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
            QCOMPARE(h.cache().value(QStringLiteral("fallback")).toBool(), true);
            QCOMPARE(h.cache().value(QStringLiteral("backend")).toString(), QStringLiteral("memory"));
        }
        QCOMPARE(
            bodyOf(b->get("/api/admin/cache", b->authHeader())).value(QStringLiteral("breaker")).toString(),
            QStringLiteral("open"));

        QVERIFY2(redis.start(&error), qPrintable(error)); // back (empty: no persistence)
        // REDIS_RETRY_SECONDS=1: the next call after a second probes and closes the breaker.
        QTRY_COMPARE_WITH_TIMEOUT(health(f.server()).redis(), QStringLiteral("connected"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(health(*b).redis(), QStringLiteral("connected"), 10000);
        QVERIFY(!analyse(f, f.server(), QStringLiteral("WIPRO.NS"), &job).isEmpty());
        QVERIFY(!analyse(f, *b, QStringLiteral("WIPRO.NS"), &job).isEmpty());
        for (ServerProcess *server : {&f.server(), b.get()}) {
            const Health h = health(*server);
            QCOMPARE(h.cache().value(QStringLiteral("backend")).toString(), QStringLiteral("redis"));
            QCOMPARE(h.cache().value(QStringLiteral("fallback")).toBool(), false);
            QCOMPARE(h.hits(), 1); // shared again: B's hit on A's result
            QCOMPARE(h.misses(), 1);
            QCOMPARE(h.body.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        }
    }

    void rateLimitBucketSharedBetweenServers()
    {
        thetool::test::RedisTestServer shared(QStringLiteral("cache_api_rl"));
        QVERIFY2(shared.isValid(), qPrintable(shared.error()));
        JobFixture f(QStringLiteral("cache_rl"), false);
        auto b = f.sibling();
        for (ServerProcess *server : {&f.server(), b.get()}) {
            useRedis(*server, shared.url().toString(), shared.keyPrefix());
            // 5 a minute: one token back every 12 s, far longer than the calls below take.
            server->setEnv(QStringLiteral("RATE_LIMIT_PER_MINUTE"), QStringLiteral("5"));
        }
        QVERIFY2(f.server().start(), qPrintable(f.server().error()));
        QVERIFY2(b->start(), qPrintable(b->error()));
        for (int i = 0; i < 5; ++i) {
            const auto ok = f.server().get("/config", f.server().authHeader());
            QVERIFY(ok);
            QCOMPARE(ok->status, 200);
        }
        // The same key on the other server finds the bucket empty.
        const auto refused = b->get("/config", b->authHeader());
        QVERIFY(refused);
        QCOMPARE(refused->status, 429);
        QVERIFY(!refused->header("Retry-After").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCacheApi)
#include "tst_cache_api.moc"
