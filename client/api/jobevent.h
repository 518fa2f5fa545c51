#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>

#include <optional>

namespace thetool::client {

// One row of job_events, from the SSE stream or its polling twin (docs/events.md).
struct JobEvent {
    qint64 id = 0; // the cursor: streams resume after it (Last-Event-ID)
    QString type; // job.created, job.progress, job.finished, job.log
    QString jobId;
    QDateTime createdAt;
    QJsonObject data; // the payload: status, completed, total, progress, message ...

    static std::optional<JobEvent> fromJson(const QJsonObject &object, QString *error = nullptr);
};

// GET /api/events/poll.
struct EventPage {
    QList<JobEvent> events;
    qint64 nextAfter = 0;
    bool hasMore = false;

    static std::optional<EventPage> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client

Q_DECLARE_METATYPE(thetool::client::JobEvent)
