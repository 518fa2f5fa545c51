#include "ui/dashboard/healthsnapshot.h"

#include "ui/common/jobsummary.h"

namespace thetool::ui {

namespace {

std::optional<double> optionalNumber(const QJsonValue &v)
{
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

} // namespace

HealthSnapshot HealthSnapshot::fromReply(const QJsonObject &o, double responseMs)
{
    HealthSnapshot h;
    h.reachable = true;
    h.responseMs = responseMs;
    h.status = o.value(QLatin1String("status")).toString();
    h.message = o.value(QLatin1String("message")).toString();
    h.uptimeSeconds = optionalNumber(o.value(QLatin1String("uptime_seconds")));
    h.authentication = o.value(QLatin1String("authentication")).toString();
    h.version = o.value(QLatin1String("version")).toString();
    h.instance = o.value(QLatin1String("instance")).toString();
    h.environment = o.value(QLatin1String("environment")).toString();
    h.database = o.value(QLatin1String("database")).toString();
    h.databaseEngine = o.value(QLatin1String("database_engine")).toString();
    h.redis = o.value(QLatin1String("redis")).toString();
    const QJsonObject cache = o.value(QLatin1String("cache")).toObject();
    h.cacheEnabled = cache.value(QLatin1String("enabled")).toBool();
    h.cacheBackend = cache.value(QLatin1String("backend")).toString();
    // A disabled cache reports hit_rate 0: that is "no cache", not "every lookup missed".
    if (h.cacheEnabled) {
        if (const auto rate = optionalNumber(cache.value(QLatin1String("hit_rate"))))
            h.hitRate = qBound(0.0, *rate, 1.0);
        if (const auto hits = optionalNumber(cache.value(QLatin1String("hits"))))
            h.cacheHits = qint64(*hits);
        if (const auto misses = optionalNumber(cache.value(QLatin1String("misses"))))
            h.cacheMisses = qint64(*misses);
    }
    const QJsonObject jobs = o.value(QLatin1String("jobs")).toObject();
    h.jobsReported = o.value(QLatin1String("jobs")).isObject();
    for (const QString &status : JobSummary::statuses()) {
        const QJsonValue v = jobs.value(status);
        if (v.isDouble())
            h.jobCounts.insert(status, v.toInteger());
    }
    // Where step 14 puts it: in "jobs" or at the top level; either spelling is read.
    for (const QJsonObject &where : {jobs, o}) {
        for (const char *key : {"oldest_queued_age_seconds", "oldest_queued_seconds"}) {
            if (!h.oldestQueuedAgeSeconds)
                h.oldestQueuedAgeSeconds = optionalNumber(where.value(QLatin1String(key)));
        }
    }
    return h;
}

HealthSnapshot HealthSnapshot::unreachable(const QString &error, double responseMs)
{
    HealthSnapshot h;
    h.error = error;
    h.responseMs = responseMs;
    return h;
}

std::optional<qint64> HealthSnapshot::queueDepth() const
{
    const auto it = jobCounts.constFind(QStringLiteral("queued"));
    if (it != jobCounts.constEnd())
        return *it;
    return jobsReported ? std::optional<qint64>(0) : std::nullopt;
}

QString HealthSnapshot::state() const
{
    if (!reachable || status == QLatin1String("error"))
        return QStringLiteral("down");
    if (status == QLatin1String("ok"))
        return QStringLiteral("ok");
    return QStringLiteral("degraded");
}

} // namespace thetool::ui
