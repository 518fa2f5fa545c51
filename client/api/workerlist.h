#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace thetool::client {

// One job worker thread of some instance (GET /api/workers).
struct WorkerInfo {
    QString workerId; // "host:pid/wN"
    QString instance;
    QString hostname;
    qint64 pid = 0;
    QString version;
    QString status; // idle, busy ...
    QString currentJobId;
    QDateTime startedAt;
    QDateTime heartbeatAt;
    std::optional<double> heartbeatAgeSeconds;
    bool alive = false; // heartbeat under 30 s
};

struct WorkerList {
    QList<WorkerInfo> workers;
    int count = 0;
    QString instance; // the instance that answered

    static std::optional<WorkerList> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
