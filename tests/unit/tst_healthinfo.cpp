#include <QJsonDocument>
#include <QTest>

#include "client/healthinfo.h"

using thetool::client::HealthInfo;

class TestHealthInfo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesFullShape()
    {
        const auto doc = QJsonDocument::fromJson(
            R"json({"status":"ok","message":"backend running","uptime_seconds":12.5,
                "authentication":"enabled","database":"connected","redis":"disabled",
                "version":"0.1.0 (rev abc)","cache":{"enabled":true,"hit_rate":0.25}})json");
        const HealthInfo info = HealthInfo::fromJson(doc.object());
        QVERIFY(info.isHealthy());
        QCOMPARE(info.uptimeSeconds, 12.5);
        QCOMPARE(info.cacheHitRate, 0.25);
        QCOMPARE(info.database, QStringLiteral("connected"));
        QCOMPARE(info.version, QStringLiteral("0.1.0 (rev abc)"));
    }

    void originalBackendShapeIsAccepted()
    {
        // The Python backend answered only status and message.
        const auto doc = QJsonDocument::fromJson(R"({"status":"ok","message":"backend running"})");
        const HealthInfo info = HealthInfo::fromJson(doc.object());
        QVERIFY(info.isHealthy());
        QVERIFY(info.version.isEmpty());
        QCOMPARE(info.cacheHitRate, 0.0);
    }

    void degradedAndOutOfRangeHitRate()
    {
        const auto doc = QJsonDocument::fromJson(R"({"status":"degraded","cache":{"hit_rate":7}})");
        const HealthInfo info = HealthInfo::fromJson(doc.object());
        QVERIFY(!info.isHealthy());
        QCOMPARE(info.cacheHitRate, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestHealthInfo)
#include "tst_healthinfo.moc"
