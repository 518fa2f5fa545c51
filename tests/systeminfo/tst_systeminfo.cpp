#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "backend/api/systeminfo.h"
#include "backend/config/configloader.h"

using namespace thetool;

class TestSystemInfo : public QObject
{
    Q_OBJECT

    static api::HealthInputs healthy()
    {
        api::HealthInputs in;
        in.uptimeSeconds = 3600.4;
        in.cacheEnabled = true;
        in.cacheHits = 3;
        in.cacheMisses = 1;
        in.databaseConnected = true;
        in.databaseEngine = QStringLiteral("postgres");
        in.tableCounts = {{QStringLiteral("analysis_results_count"), 5},
            {QStringLiteral("analysis_jobs_count"), 2}, {QStringLiteral("watchlist_count"), 0}};
        in.dbVersion = 8;
        in.version = QStringLiteral("0.1.0 (rev abc)");
        return in;
    }

private Q_SLOTS:
    void healthyMatchesTheDeploymentGuide()
    {
        const auto doc = api::buildHealth(healthy());
        QCOMPARE(doc.httpStatus, 200);
        const QJsonObject &b = doc.body;
        QCOMPARE(b.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(b.value(QStringLiteral("message")).toString(), QStringLiteral("backend running"));
        QCOMPARE(b.value(QStringLiteral("uptime_seconds")).toInteger(), 3600);
        QCOMPARE(b.value(QStringLiteral("authentication")).toString(), QStringLiteral("enabled"));
        const QJsonObject cache = b.value(QStringLiteral("cache")).toObject();
        QCOMPARE(cache.value(QStringLiteral("enabled")).toBool(), true);
        QCOMPARE(cache.value(QStringLiteral("hit_rate")).toDouble(), 0.75);
        const QJsonObject components = b.value(QStringLiteral("components")).toObject();
        QCOMPARE(components.value(QStringLiteral("tables_checked")).toInt(), 3);
        QCOMPARE(components.value(QStringLiteral("db_version")).toInt(), 8);
        QCOMPARE(components.value(QStringLiteral("analysis_results_count")).toInt(), 5);
    }

    void databaseDownIs503()
    {
        auto in = healthy();
        in.databaseConnected = false;
        in.databaseError = QStringLiteral("connection refused");
        const auto doc = api::buildHealth(in);
        QCOMPARE(doc.httpStatus, 503);
        QCOMPARE(doc.body.value(QStringLiteral("database")).toString(), QStringLiteral("error"));
        QCOMPARE(doc.body.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
        QVERIFY(!doc.body.value(QStringLiteral("components"))
                     .toObject()
                     .contains(QStringLiteral("tables_checked")));
    }

    void redisDownDegradesButStays200()
    {
        auto in = healthy();
        in.redisState = QStringLiteral("error");
        const auto doc = api::buildHealth(in);
        QCOMPARE(doc.httpStatus, 200);
        QCOMPARE(doc.body.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
        QCOMPARE(doc.body.value(QStringLiteral("redis")).toString(), QStringLiteral("error"));
    }

    void noLookupsMeansZeroHitRate()
    {
        auto in = healthy();
        in.cacheHits = in.cacheMisses = 0;
        QCOMPARE(api::buildHealth(in)
                     .body.value(QStringLiteral("cache"))
                     .toObject()
                     .value(QStringLiteral("hit_rate"))
                     .toDouble(),
            0.0);
    }

    void configDocumentHasNoSecrets()
    {
        const auto loaded = config::loadConfig(
            {{QStringLiteral("MASTER_API_KEY"), QStringLiteral("k-0123456789abcdef0123456789abcdef")},
                {QStringLiteral("DATABASE_URL"), QStringLiteral("postgresql://u:pw-secret@db/app")},
                {QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false")},
                {QStringLiteral("CORS_ORIGINS"), QStringLiteral("https://a.example.com")}});
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        const QJsonObject doc = api::buildConfigDocument(loaded.config, {});
        const QByteArray text = QJsonDocument(doc).toJson();
        QVERIFY(!text.contains("pw-secret"));
        QVERIFY(!text.contains("0123456789abcdef"));
        QCOMPARE(doc.value(QStringLiteral("database_type")).toString(), QStringLiteral("postgres"));
        QVERIFY(doc.value(QStringLiteral("rate_limit_per_minute")).isNull());
        QCOMPARE(doc.value(QStringLiteral("cors_origins")).toArray().first().toString(),
            QStringLiteral("https://a.example.com"));
        const QJsonObject root = api::buildRootDocument(loaded.config, QStringLiteral("0.1.0"));
        QCOMPARE(root.value(QStringLiteral("app")).toString(), QStringLiteral("TheTool"));
        QCOMPARE(
            root.value(QStringLiteral("endpoints")).toObject().value(QStringLiteral("health")).toString(),
            QStringLiteral("/health"));
    }
};

QTEST_GUILESS_MAIN(TestSystemInfo)
#include "tst_systeminfo.moc"
