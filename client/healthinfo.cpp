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
    info.instance = object.value(QLatin1String("instance")).toString();
    info.environment = object.value(QLatin1String("environment")).toString();
    const QJsonObject cache = object.value(QLatin1String("cache")).toObject();
    // Clamp: a fraction outside 0..1 would draw a nonsense gauge.
    info.cacheHitRate = qBound(0.0, cache.value(QLatin1String("hit_rate")).toDouble(), 1.0);
    info.cacheEnabled = cache.value(QLatin1String("enabled")).toBool();
    info.cacheHits = cache.value(QLatin1String("hits")).toInteger();
    info.cacheMisses = cache.value(QLatin1String("misses")).toInteger();
    info.cacheBackend = cache.value(QLatin1String("backend")).toString();
    info.jobs = object.value(QLatin1String("jobs")).toObject();
    info.components = object.value(QLatin1String("components")).toObject();
    return info;
}

QString HealthInfo::versionNumber() const
{
    return version.section(QLatin1Char(' '), 0, 0).trimmed();
}

int HealthInfo::majorVersion() const
{
    return majorVersionOf(versionNumber());
}

int HealthInfo::majorVersionOf(const QString &version)
{
    QString text = version.trimmed();
    if (text.startsWith(QLatin1Char('v')))
        text.remove(0, 1);
    bool ok = false;
    const int major = text.section(QLatin1Char('.'), 0, 0).toInt(&ok);
    return ok && major >= 0 ? major : -1;
}

} // namespace thetool::client
