#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace thetool::client {

// What the console shows of a server's GET /health. Parsed leniently: a field the
// server does not send (an older server, the original Python backend) stays empty.
struct HealthInfo {
    QString status; // "ok", "degraded", "error"; empty when the field is missing
    QString message;
    QString version; // "0.1.0 (rev 1a2b3c4d5e6f)"
    QString authentication; // "enabled" / "disabled"
    QString database; // "connected" / "error"
    QString redis; // "connected" / "disabled" / "error"
    double uptimeSeconds = 0.0;
    double cacheHitRate = 0.0; // a fraction 0..1
    QString instance; // host:pid of the instance that answered
    QString environment; // production, development
    bool cacheEnabled = false;
    qint64 cacheHits = 0;
    qint64 cacheMisses = 0;
    QString cacheBackend; // memory, redis
    QJsonObject jobs; // the job counts and worker state as the server reports them
    QJsonObject components; // the original backend's component keys
    int httpStatus = 200; // 503 when the server's database is unreachable (same body)

    bool isHealthy() const { return status == QLatin1String("ok"); }
    // "0.1.0" of "0.1.0 (rev 1a2b3c4d5e6f)"; empty when unknown.
    QString versionNumber() const;
    // The leading number of versionNumber(), -1 when there is none.
    int majorVersion() const;
    static int majorVersionOf(const QString &version);

    static HealthInfo fromJson(const QJsonObject &object);
};

} // namespace thetool::client

Q_DECLARE_METATYPE(thetool::client::HealthInfo)
