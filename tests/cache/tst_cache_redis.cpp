// The Redis cache, counters and rate limiter on a real Redis: two clients stand for two
// server instances sharing it (the test Redis of scripts/test, under this test's prefix);
// an outage uses a redis-server of the test's own, killed and started again.
#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <hiredis/hiredis.h>

#include "backend/cache/memorycache.h"
#include "backend/cache/rediscache.h"
#include "backend/cache/redisclient.h"
#include "backend/cache/redisratelimiter.h"
#include "backend/security/ratelimiter.h"
#include "tests/cache/redisprocess.h"
#include "tests/support/testenv.h"

using namespace thetool;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<cache::RedisClient> client(
    const QString &url, const QByteArray &prefix, std::chrono::milliseconds retryAfter = 30s)
{
    cache::RedisOptions options;
    if (!cache::RedisOptions::parseUrl(url, &options).isEmpty())
        return {};
    options.keyPrefix = prefix;
    options.retryAfter = retryAfter;
    options.connectTimeout = 500ms;
    options.commandTimeout = 500ms;
    return std::make_shared<cache::RedisClient>(options);
}

struct Instance {
    std::shared_ptr<cache::RedisClient> redis;
    std::shared_ptr<cache::MemoryCache> memory;
    std::unique_ptr<cache::RedisCache> cache;
    std::unique_ptr<cache::RedisRateLimiter> limiter;

    Instance(const QString &url, const QByteArray &prefix, std::chrono::milliseconds retryAfter = 30s)
        : redis(client(url, prefix, retryAfter))
        , memory(std::make_shared<cache::MemoryCache>(100, 60s))
        , cache(std::make_unique<cache::RedisCache>(redis, 60s, memory))
        , limiter(std::make_unique<cache::RedisRateLimiter>(
              redis, std::make_shared<security::MemoryRateLimiter>()))
    { }
};

} // namespace

class TestCacheRedis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharedEntriesAndCounters()
    {
        test::RedisTestServer server(QStringLiteral("cache_redis"));
        QVERIFY2(server.isValid(), qPrintable(server.error()));
        const QByteArray prefix = server.keyPrefix().toUtf8();
        Instance a(server.url().toString(), prefix);
        Instance b(server.url().toString(), prefix);

        QVERIFY(!a.cache->get(QStringLiteral("analysis:X")));
        a.cache->put(QStringLiteral("analysis:X"), QByteArray("payload\0with nul", 16));
        const auto hit = b.cache->get(QStringLiteral("analysis:X")); // B sees A's entry
        QVERIFY(hit);
        QCOMPARE(*hit, QByteArray("payload\0with nul", 16));
        for (const Instance *i : {&a, &b}) {
            const cache::CacheStats s = i->cache->stats(); // the deployment's counters
            QCOMPARE(s.backend, QStringLiteral("redis"));
            QVERIFY(!s.fallback);
            QCOMPARE(s.hits, 1u);
            QCOMPARE(s.misses, 1u);
        }
        QCOMPARE(a.memory->entryCount(), 0); // nothing went to the fallback

        // Entries live under the prefix with the TTL; the counters beside them.
        const QByteArray key = prefix + "cache:analysis:X";
        auto *ttl = static_cast<redisReply *>(
            redisCommand(server.context(), "TTL %b", key.constData(), static_cast<size_t>(key.size())));
        QVERIFY(ttl && ttl->type == REDIS_REPLY_INTEGER);
        QVERIFY2(ttl->integer > 0 && ttl->integer <= 60, qPrintable(QString::number(ttl->integer)));
        freeReplyObject(ttl);

        b.cache->put(QStringLiteral("provider:Y"), "bars");
        QCOMPARE(a.cache->entryCount(), 2);
        QCOMPARE(a.cache->clear(), 2);
        QCOMPARE(b.cache->entryCount(), 0);
        QVERIFY(!b.cache->get(QStringLiteral("analysis:X")));
        QCOMPARE(a.cache->stats().misses, 2u); // clearing keeps the counters

        // Latency of one lookup (reported, never asserted): a miss and a hit on this Redis.
        a.cache->put(QStringLiteral("bench"), QByteArray(4096, 'x'));
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 500; ++i)
            a.cache->get(QStringLiteral("bench"));
        const double hitUs = double(timer.nsecsElapsed()) / 500 / 1000;
        timer.restart();
        for (int i = 0; i < 500; ++i)
            a.cache->get(QStringLiteral("absent"));
        const double missUs = double(timer.nsecsElapsed()) / 500 / 1000;
        cache::MemoryCache local(100, 60s);
        local.put(QStringLiteral("bench"), QByteArray(4096, 'x'));
        timer.restart();
        for (int i = 0; i < 500; ++i)
            local.get(QStringLiteral("bench"));
        const double memoryUs = double(timer.nsecsElapsed()) / 500 / 1000;
        qInfo("lookup latency: redis hit %.1f us, redis miss %.1f us, memory hit %.2f us (4 KiB value)",
            hitUs, missUs, memoryUs);
    }

    void rateLimitBucketDrainsAcrossInstances()
    {
        test::RedisTestServer server(QStringLiteral("cache_ratelimit"));
        QVERIFY2(server.isValid(), qPrintable(server.error()));
        Instance a(server.url().toString(), server.keyPrefix().toUtf8());
        Instance b(server.url().toString(), server.keyPrefix().toUtf8());
        // 5 per minute refills one token per 12 s: the eight calls below take far less.
        int allowed = 0;
        for (int i = 0; i < 3; ++i)
            allowed += a.limiter->take(QStringLiteral("all:key:k1"), 5).allowed ? 1 : 0;
        for (int i = 0; i < 2; ++i)
            allowed += b.limiter->take(QStringLiteral("all:key:k1"), 5).allowed ? 1 : 0;
        QCOMPARE(allowed, 5);
        const security::RateDecision refusedOnB = b.limiter->take(QStringLiteral("all:key:k1"), 5);
        QVERIFY(!refusedOnB.allowed);
        QVERIFY(refusedOnB.retryAfterSeconds >= 1 && refusedOnB.retryAfterSeconds <= 12);
        QVERIFY(!a.limiter->take(QStringLiteral("all:key:k1"), 5).allowed);
        // Another key has its own bucket.
        QVERIFY(a.limiter->take(QStringLiteral("all:key:k2"), 5).allowed);
        QCOMPARE(a.redis->breakerState(), cache::CircuitBreaker::State::Closed);
    }

    void outageFallsBackAndRecovers()
    {
        test::RedisProcess redis;
        QString error;
        QVERIFY2(redis.start(&error), qPrintable(error));
        Instance a(redis.url(), "outage:", 300ms);
        Instance b(redis.url(), "outage:", 300ms);
        a.cache->put(QStringLiteral("k"), "v");
        QVERIFY(b.cache->get(QStringLiteral("k")));
        QCOMPARE(b.cache->stats().hits, 1u);

        redis.kill();
        // Nothing fails: lookups miss, stores go to memory, limits are local.
        for (int i = 0; i < 5; ++i) {
            a.cache->get(QStringLiteral("k"));
            a.cache->put(QStringLiteral("k"), "local");
            QVERIFY(a.limiter->take(QStringLiteral("all:ip:1"), 100).allowed);
        }
        QCOMPARE(a.redis->breakerState(), cache::CircuitBreaker::State::Open);
        QCOMPARE(a.cache->get(QStringLiteral("k")).value_or("none"), QByteArray("local"));
        const cache::CacheStats down = a.cache->stats();
        QVERIFY(down.fallback);
        QCOMPARE(down.backend, QStringLiteral("memory"));
        QVERIFY(down.hits >= 1);
        QVERIFY(!a.redis->lastError().isEmpty());

        QVERIFY2(redis.start(&error), qPrintable(error)); // back, empty
        // Within the retry time (300 ms) plus a margin, Redis is used again and the shared
        // counters resume (a fresh server: they start from zero).
        QTRY_VERIFY_WITH_TIMEOUT(!a.cache->stats().fallback, 5000);
        a.cache->put(QStringLiteral("k2"), "shared");
        QTRY_VERIFY_WITH_TIMEOUT(b.cache->get(QStringLiteral("k2")).has_value(), 5000);
        const cache::CacheStats up = a.cache->stats();
        QCOMPARE(up.backend, QStringLiteral("redis"));
        QVERIFY(up.hits >= 1);
        QCOMPARE(b.cache->stats().hits, up.hits);
        QCOMPARE(a.redis->breakerState(), cache::CircuitBreaker::State::Closed);
    }
};

QTEST_GUILESS_MAIN(TestCacheRedis)
#include "tst_cache_redis.moc"
