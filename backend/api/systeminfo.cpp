#include "backend/api/systeminfo.h"

#include <QJsonArray>

namespace thetool::api {

HealthDocument buildHealth(const HealthInputs &in)
{
    const quint64 lookups = in.cacheHits + in.cacheMisses;
    const double hitRate =
        lookups == 0 ? 0.0 : static_cast<double>(in.cacheHits) / static_cast<double>(lookups);
    const bool redisFailed = in.redisState == QLatin1String("error");

    QJsonObject components = in.tableCounts;
    components.insert(QStringLiteral("config_loaded"), true);
    components.insert(QStringLiteral("debug_mode"), in.debugMode);
    components.insert(QStringLiteral("rate_limiting"), in.rateLimiting);
    if (in.databaseConnected) {
        components.insert(QStringLiteral("db_version"),
            in.dbVersion.isUndefined() ? QJsonValue(QStringLiteral("unknown")) : in.dbVersion);
        components.insert(QStringLiteral("tables_checked"), in.tableCounts.size());
    } else {
        components.insert(QStringLiteral("db_error"), in.databaseError);
    }

    QJsonObject body {
        {QStringLiteral("status"),
            in.databaseConnected && !redisFailed ? QStringLiteral("ok") : QStringLiteral("degraded")},
        {QStringLiteral("message"),
            in.databaseConnected ? (redisFailed
                    ? QStringLiteral("backend running; Redis unreachable, using in-memory cache and limits")
                    : QStringLiteral("backend running"))
                                 : QStringLiteral("backend running; database unreachable")},
        {QStringLiteral("uptime_seconds"), qRound64(in.uptimeSeconds)},
        {QStringLiteral("authentication"),
            in.authenticationEnabled ? QStringLiteral("enabled") : QStringLiteral("disabled")},
        {QStringLiteral("cache"),
            QJsonObject {{QStringLiteral("enabled"), in.cacheEnabled}, {QStringLiteral("hit_rate"), hitRate},
                {QStringLiteral("hits"), static_cast<qint64>(in.cacheHits)},
                {QStringLiteral("misses"), static_cast<qint64>(in.cacheMisses)},
                {QStringLiteral("backend"), in.cacheBackend}, {QStringLiteral("fallback"), in.cacheFallback}}},
        {QStringLiteral("database"),
            in.databaseConnected ? QStringLiteral("connected") : QStringLiteral("error")},
        {QStringLiteral("database_engine"), in.databaseEngine},
        {QStringLiteral("redis"), in.redisState},
        {QStringLiteral("jobs"), in.jobs},
        {QStringLiteral("version"), in.version},
        {QStringLiteral("instance"), in.instance},
        {QStringLiteral("environment"), in.environment},
        {QStringLiteral("components"), components},
    };
    return {in.databaseConnected ? 200 : 503, body};
}

QJsonObject buildRootDocument(const config::Config &config, const QString &version)
{
    return {
        {QStringLiteral("app"), QStringLiteral("TheTool")},
        {QStringLiteral("version"), version},
        {QStringLiteral("environment"), config.appEnv},
        {QStringLiteral("api"), QStringLiteral("Stock Analysis API")},
        {QStringLiteral("endpoints"),
            QJsonObject {{QStringLiteral("analysis"), QStringLiteral("/api/analysis")},
                {QStringLiteral("watchlist"), QStringLiteral("/api/watchlist")},
                {QStringLiteral("stocks"), QStringLiteral("/api/stocks")},
                {QStringLiteral("health"), QStringLiteral("/health")},
                {QStringLiteral("config"), QStringLiteral("/config")}}},
    };
}

QJsonObject buildConfigDocument(const config::Config &config, const Features &features)
{
    return {
        {QStringLiteral("environment"), config.appEnv},
        {QStringLiteral("debug"), config.isDevelopment()},
        {QStringLiteral("database_type"),
            config.databaseUrl.isEmpty() ? QStringLiteral("sqlite") : QStringLiteral("postgres")},
        {QStringLiteral("rate_limiting"), config.rateLimitEnabled},
        {QStringLiteral("rate_limit_per_minute"),
            config.rateLimitEnabled ? QJsonValue(config.rateLimitPerMinute) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("cors_origins"), QJsonArray::fromStringList(config.corsOrigins)},
        {QStringLiteral("features"),
            QJsonObject {{QStringLiteral("redis"), config.redisEnabled},
                {QStringLiteral("bulk_analysis"), features.bulkAnalysis},
                {QStringLiteral("watchlist"), features.watchlist},
                {QStringLiteral("export"), features.exportReports}}},
    };
}

} // namespace thetool::api
