#pragma once

#include <QJsonObject>
#include <QString>

namespace thetool::client {

// What the console shows of a server's GET /health. Parsed leniently: a field the
// server does not send (an older server, the original Python backend) stays empty.
struct HealthInfo {
    QString status;          // "ok", "degraded"; empty when the field is missing
    QString message;
    QString version;
    QString authentication;  // "enabled" / "disabled"
    QString database;        // "connected" / "error"
    QString redis;           // "connected" / "disabled" / "error"
    double uptimeSeconds = 0.0;
    double cacheHitRate = 0.0; // a fraction 0..1

    bool isHealthy() const { return status == QLatin1String("ok"); }

    static HealthInfo fromJson(const QJsonObject &object);
};

} // namespace thetool::client
