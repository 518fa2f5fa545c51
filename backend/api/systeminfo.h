#pragma once

#include <QJsonObject>
#include <QString>

#include "backend/config/config.h"

namespace thetool::api {

// What /health reports, gathered by the caller (database probe, cache counters, ...)
// so building the document stays a pure function that tests can pin.
struct HealthInputs {
    double uptimeSeconds = 0;
    bool authenticationEnabled = true;
    bool cacheEnabled = false;
    QString cacheBackend = QStringLiteral("memory"); // "memory" | "redis"
    bool cacheFallback = false; // Redis configured but unavailable: memory in use
    quint64 cacheHits = 0;
    quint64 cacheMisses = 0;
    bool databaseConnected = false;
    QString databaseError; // why not connected (never contains credentials)
    QString databaseEngine; // "postgres" | "sqlite"
    QJsonObject tableCounts; // analysis_results_count, analysis_jobs_count, watchlist_count
    QJsonValue dbVersion; // the schema version, or "unknown"
    QString redisState = QStringLiteral("disabled"); // "connected" | "disabled" | "error"
    QJsonObject jobs; // counts by state, queue depth, ...
    QString version;
    QString instance;
    QString environment;
    bool debugMode = false;
    bool rateLimiting = true;
};

struct HealthDocument {
    int httpStatus = 200; // 503 only when the database is unreachable
    QJsonObject body;
};

HealthDocument buildHealth(const HealthInputs &inputs);

// GET / (spec §2.1), with this build's version.
QJsonObject buildRootDocument(const config::Config &config, const QString &version);

// Which optional parts of the API this build serves; /config reports them honestly.
struct Features {
    bool bulkAnalysis = false;
    bool watchlist = false;
    bool exportReports = false;
};

// GET /config (spec §2.1): never a secret.
QJsonObject buildConfigDocument(const config::Config &config, const Features &features);

} // namespace thetool::api
