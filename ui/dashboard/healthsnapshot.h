#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace thetool::ui {

// What the dashboard reads from one GET /health answer. Every field the server may not send
// (older servers, a build without a cache) is optional, so the screen can show a dash.
struct HealthSnapshot {
    bool reachable = false; // an answer (200 or 503) arrived
    QString error; // why not, when unreachable
    double responseMs = 0;
    QString status; // ok, degraded, error ("down" when unreachable)
    QString message;
    std::optional<double> uptimeSeconds;
    QString authentication;
    QString version;
    QString instance;
    QString environment;
    QString database;
    QString databaseEngine;
    QString redis;
    bool cacheEnabled = false;
    std::optional<double> hitRate; // only when the server reports an enabled cache
    std::optional<qint64> cacheHits;
    std::optional<qint64> cacheMisses;
    QString cacheBackend;
    bool jobsReported = false; // the server sends job counts at all
    QHash<QString, qint64> jobCounts; // by status; a status without jobs may be absent
    std::optional<double> oldestQueuedAgeSeconds;

    std::optional<qint64> queueDepth() const;
    // ok / degraded / down, as the dashboard and notifications say it.
    QString state() const;

    static HealthSnapshot fromReply(const QJsonObject &body, double responseMs);
    static HealthSnapshot unreachable(const QString &error, double responseMs);
};

} // namespace thetool::ui
