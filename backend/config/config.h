#pragma once

#include <QString>
#include <QStringList>

namespace thetool::config {

// The server's whole configuration, read once at start-up from the environment (and
// env files). Plain data: components receive the parts they need, never this object
// through a global.
struct Config {
    // Environment
    QString appEnv = QStringLiteral("production"); // production | staging | development
    bool isDevelopment() const { return appEnv == QLatin1String("development"); }
    bool embedded = false; // `thetool serve --embedded`: the console's child process

    // Network
    QString bindAddress; // empty: 0.0.0.0, or 127.0.0.1 in development
    quint16 port = 8000;
    QStringList trustedProxies; // peers whose X-Forwarded-For is believed

    // Security
    QString masterApiKey;
    QString bulkAnalysisPasswordHash; // bcrypt; empty: the bulk-password gate answers 503
    QStringList corsOrigins; // exact origins, or "*"
    bool corsOriginsSet = false;

    // Storage
    QString databaseUrl; // empty: SQLite in dataPath
    QString dataPath;
    QString redisUrl; // empty: no Redis
    bool redisEnabled = false;
    int redisTimeoutMs = 1000; // connect and command timeout
    int redisRetrySeconds = 30; // the circuit breaker's open time before Redis is tried again
    QString redisKeyPrefix = QStringLiteral("thetool:"); // every key this server writes

    // Logging
    QString logLevel = QStringLiteral("info"); // debug | info | warning | error
    QString logFormat = QStringLiteral("json"); // json | text

    // Rate limits and cache
    bool rateLimitEnabled = true;
    int rateLimitPerMinute = 600;
    int analyzeRateLimit = 30;
    bool cacheEnabled = true;
    int cacheTtlSeconds = 3600;
    int cacheMaxSize = 1000;

    // Work
    int workers = 2;
    int httpWorkers = 4;
    int maxBulkWorkers = 5;
    int tickerTimeoutSeconds = 120;
    int jobTimeoutSeconds = 3600;
    int jobLeaseSeconds = 30; // a job worker renews its lease at a third of this
    int cleanupDays = 7;
    int resultsRetentionDays = 0; // 0: results are kept
    int priceBarsRetentionDays = 0; // 0: stored bars are kept
    int cleanupIntervalSeconds = 3600; // the scheduler's cleanup; 0: none
    bool metricsPublic = false; // /metrics without a key

    // HTTP limits and timeouts
    int maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 1024 * 1024;
    int headerTimeoutSeconds = 30;
    int idleTimeoutSeconds = 75;
    int maxConnections = 1024;
    int maxConnectionsPerClient = 128;
    int shutdownTimeoutSeconds = 30;
    int statementTimeoutMs = 30000;

    // Market data
    QString marketDataUrl = QStringLiteral("https://query1.finance.yahoo.com");
    qint64 maxImportRows = 1000000;
};

} // namespace thetool::config
