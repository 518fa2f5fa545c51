#include "client/healthinfo.h"

namespace thetool::client {

HealthInfo HealthInfo::fromJson(const QJsonObject &object)
{
    HealthInfo info;
    info.status = object.value(QLatin1String("status")).toString();
    info.message = object.value(QLatin1String("message")).toString();
    info.version = object.value(QLatin1String("version")).toString();
    info.authentication = object.value(QLatin1String("authentication")).toString();
    info.database = object.value(QLatin1String("database")).toString();
    info.redis = object.value(QLatin1String("redis")).toString();
    info.uptimeSeconds = object.value(QLatin1String("uptime_seconds")).toDouble();
    const QJsonObject cache = object.value(QLatin1String("cache")).toObject();
    // Clamp: a fraction outside 0..1 would draw a nonsense gauge.
    info.cacheHitRate = qBound(0.0, cache.value(QLatin1String("hit_rate")).toDouble(), 1.0);
    return info;
}

} // namespace thetool::client
