#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace thetool::client {

// One line of a job's log (GET /api/jobs/{id}/logs).
struct JobLogLine {
    qint64 id = 0;
    QDateTime time;
    QString level;
    QString message;
    QString ticker;
    int attempt = 0;
    QString correlationId;
};

// A page of a job's log; follow with nextAfter.
struct JobLogPage {
    QString jobId;
    QList<JobLogLine> lines;
    qint64 nextAfter = 0;

    static std::optional<JobLogPage> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
