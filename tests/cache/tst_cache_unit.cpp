// The in-memory LRU+TTL cache and the Redis circuit breaker with injected clocks; the
// analysis cache's key and encoding; REDIS_URL parsing.
#include <QTest>

#include <chrono>

#include "backend/cache/circuitbreaker.h"
#include "backend/cache/memorycache.h"
#include "backend/cache/redisoptions.h"
#include "backend/jobs/cachedanalysis.h"

using namespace thetool;
using namespace std::chrono_literals;

namespace {

struct FakeClock {
    std::chrono::steady_clock::time_point now {std::chrono::seconds(1000)};
    auto function()
    {
        return [this] {
            return now;
        };
    }
};

market::PriceSeries series(const std::string &lastDate, int bars = 3)
{
    market::PriceSeries s;
    for (int i = 0; i < bars; ++i) {
        s.bars.dates.push_back(i + 1 == bars ? lastDate : "2026-01-0" + std::to_string(i + 1));
        s.bars.open.push_back(1);
        s.bars.high.push_back(1);
        s.bars.low.push_back(1);
        s.bars.close.push_back(1);
        s.bars.volume.push_back(1);
    }
    s.dataSource = QStringLiteral("yahoo");
    return s;
}

} // namespace

class TestCacheUnit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hitsMissesAndTtl()
    {
        FakeClock clock;
        cache::MemoryCache c(10, 60s, clock.function());
        QVERIFY(!c.get(QStringLiteral("a")));
        c.put(QStringLiteral("a"), "1");
        QCOMPARE(c.get(QStringLiteral("a")).value_or("none"), QByteArray("1"));
        clock.now += 59s;
        QCOMPARE(c.get(QStringLiteral("a")).value_or("none"), QByteArray("1"));
        QCOMPARE(c.entryCount(), 1);
        clock.now += 1s; // expiry counts from the put, not from the last read
        QCOMPARE(c.entryCount(), 0);
        QVERIFY(!c.get(QStringLiteral("a")));
        const cache::CacheStats s = c.stats();
        QCOMPARE(s.hits, 2u);
        QCOMPARE(s.misses, 2u);
        QCOMPARE(s.hitRate(), 0.5);
        QCOMPARE(s.backend, QStringLiteral("memory"));
        QVERIFY(!s.fallback);
    }

    void putRefreshesExpiry()
    {
        FakeClock clock;
        cache::MemoryCache c(10, 60s, clock.function());
        c.put(QStringLiteral("a"), "1");
        clock.now += 50s;
        c.put(QStringLiteral("a"), "2");
        clock.now += 50s;
        QCOMPARE(c.get(QStringLiteral("a")).value_or("none"), QByteArray("2"));
    }

    void leastRecentlyUsedGoesFirst()
    {
        FakeClock clock;
        cache::MemoryCache c(3, 60s, clock.function());
        c.put(QStringLiteral("a"), "1");
        c.put(QStringLiteral("b"), "2");
        c.put(QStringLiteral("c"), "3");
        QVERIFY(c.get(QStringLiteral("a"))); // a is now the most recent; b the least
        c.put(QStringLiteral("d"), "4");
        QCOMPARE(c.entryCount(), 3);
        QCOMPARE(c.evictions(), 1u);
        QVERIFY(!c.get(QStringLiteral("b")));
        QVERIFY(c.get(QStringLiteral("a")));
        QVERIFY(c.get(QStringLiteral("c")));
        QVERIFY(c.get(QStringLiteral("d")));
    }

    void clearCountsEntriesAndKeepsCounters()
    {
        cache::MemoryCache c(10, 60s);
        c.put(QStringLiteral("a"), "1");
        c.put(QStringLiteral("b"), "2");
        QVERIFY(c.get(QStringLiteral("a")));
        QCOMPARE(c.clear(), 2);
        QCOMPARE(c.entryCount(), 0);
        QVERIFY(!c.get(QStringLiteral("a")));
        QCOMPARE(c.stats().hits, 1u);
        QCOMPARE(c.stats().misses, 1u);
    }

    void breakerOpensAfterThresholdAndProbesLater()
    {
        FakeClock clock;
        cache::CircuitBreaker b(3, 10s, clock.function());
        QVERIFY(b.allow());
        b.recordFailure();
        b.recordFailure();
        QCOMPARE(b.state(), cache::CircuitBreaker::State::Closed);
        b.recordSuccess(); // not three in a row
        b.recordFailure();
        b.recordFailure();
        QVERIFY(b.allow());
        b.recordFailure();
        QCOMPARE(b.state(), cache::CircuitBreaker::State::Open);
        QVERIFY(!b.allow());
        clock.now += 9s;
        QVERIFY(!b.allow());
        clock.now += 1s;
        QVERIFY(b.allow()); // the probe
        QCOMPARE(b.state(), cache::CircuitBreaker::State::HalfOpen);
        QVERIFY(!b.allow()); // one probe at a time
        b.recordFailure(); // a failed probe reopens at once
        QCOMPARE(b.state(), cache::CircuitBreaker::State::Open);
        QVERIFY(!b.allow());
        clock.now += 10s;
        QVERIFY(b.allow());
        b.recordSuccess();
        QCOMPARE(b.state(), cache::CircuitBreaker::State::Closed);
        QVERIFY(b.allow());
        QCOMPARE(cache::CircuitBreaker::stateName(b.state()), QStringLiteral("closed"));
    }

    void redisUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("database");
        QTest::addColumn<QString>("password");
        QTest::newRow("plain") << "redis://cache" << true << "cache" << 6379 << 0 << "";
        QTest::newRow("full") << "redis://default:s3cret@10.0.0.5:6380/2" << true << "10.0.0.5" << 6380 << 2
                              << "s3cret";
        QTest::newRow("tls refused") << "rediss://cache:6380" << false << "" << 0 << 0 << "";
        QTest::newRow("wrong scheme") << "http://cache" << false << "" << 0 << 0 << "";
        QTest::newRow("bad db") << "redis://cache/abc" << false << "" << 0 << 0 << "";
    }

    void redisUrls()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        cache::RedisOptions options;
        const QString error = cache::RedisOptions::parseUrl(url, &options);
        QCOMPARE(error.isEmpty(), ok);
        if (!ok) {
            QVERIFY(!error.contains(QLatin1Char('\n')));
            if (url.startsWith(QLatin1String("rediss")))
                QVERIFY2(error.contains(QLatin1String("TLS")), qPrintable(error));
            return;
        }
        QTEST(options.host, "host");
        QTEST(options.port, "port");
        QTEST(options.database, "database");
        QTEST(options.password, "password");
        if (!options.password.isEmpty())
            QVERIFY(!options.describe().contains(options.password));
    }

    void analysisKeyNamesWhatChangesTheResult()
    {
        jobs::AnalyzeRequest request;
        const QString base =
            jobs::CachedAnalysis::key(QStringLiteral("TCS.NS"), request, series("2026-02-02"));
        QVERIFY(!base.isEmpty());
        QCOMPARE(jobs::CachedAnalysis::key(QStringLiteral("TCS.NS"), request, series("2026-02-02")), base);
        QVERIFY(jobs::CachedAnalysis::key(QStringLiteral("INFY.NS"), request, series("2026-02-02")) != base);
        QVERIFY(jobs::CachedAnalysis::key(QStringLiteral("TCS.NS"), request, series("2026-02-03")) != base);
        QVERIFY(
            jobs::CachedAnalysis::key(QStringLiteral("TCS.NS"), request, series("2026-02-02", 4)) != base);
        jobs::AnalyzeRequest other = request;
        other.strategyId = 3;
        QVERIFY(jobs::CachedAnalysis::key(QStringLiteral("TCS.NS"), other, series("2026-02-02")) != base);
        other = request;
        other.formulaProfile = QStringLiteral("standard");
        QVERIFY(jobs::CachedAnalysis::key(QStringLiteral("TCS.NS"), other, series("2026-02-02")) != base);
        other = request;
        other.capital = 5000;
        QVERIFY(jobs::CachedAnalysis::key(QStringLiteral("TCS.NS"), other, series("2026-02-02")) != base);
        other = request;
        other.analysisConfig.insert(QStringLiteral("rsi_period"), 21);
        QVERIFY(jobs::CachedAnalysis::key(QStringLiteral("TCS.NS"), other, series("2026-02-02")) != base);
        market::PriceSeries failed;
        failed.error = QStringLiteral("no data");
        QVERIFY(jobs::CachedAnalysis::key(QStringLiteral("TCS.NS"), request, failed).isEmpty());
    }

    void rowEncodingRoundTrips()
    {
        repo::ResultRow row;
        row.score = 61.5;
        row.verdict = QStringLiteral("Buy");
        row.entry = 100.25;
        row.stopLoss = qQNaN();
        row.target = 120;
        row.positionSize = 40;
        row.riskRewardRatio = 2.5;
        row.analysisConfig = QStringLiteral("{\"capital\":100000}");
        row.rawData = QStringLiteral("[{\"name\":\"RSI\"}]");
        row.dataSource = QStringLiteral("demo");
        row.isDemoData = true;
        row.status = QStringLiteral("completed");
        repo::ResultRow back;
        back.ticker = QStringLiteral("KEEP.NS");
        QVERIFY(jobs::CachedAnalysis::decode(jobs::CachedAnalysis::encode(row), &back));
        QCOMPARE(back.ticker, QStringLiteral("KEEP.NS")); // identity is the caller's
        QCOMPARE(back.score, 61.5);
        QCOMPARE(back.verdict, row.verdict);
        QCOMPARE(back.entry, 100.25);
        QVERIFY(qIsNaN(back.stopLoss));
        QCOMPARE(back.target, 120.0);
        QCOMPARE(back.positionSize, 40);
        QCOMPARE(back.riskRewardRatio, 2.5);
        QCOMPARE(back.analysisConfig, row.analysisConfig);
        QCOMPARE(back.rawData, row.rawData);
        QCOMPARE(back.dataSource, row.dataSource);
        QCOMPARE(back.isDemoData, true);
        QCOMPARE(back.status, row.status);
        QVERIFY(!jobs::CachedAnalysis::decode("not json", &back));
        QVERIFY(!jobs::CachedAnalysis::decode("{\"score\": 1}", &back));
    }
};

QTEST_GUILESS_MAIN(TestCacheUnit)
#include "tst_cache_unit.moc"
