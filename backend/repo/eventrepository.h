#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include "backend/db/database.h"

namespace thetool::repo {

// One row of job_events. `id` is the database's, and so the SSE event id and the polling
// cursor on every instance.
struct JobEvent {
    qint64 id = 0;
    QString type; // "job.created", "job.progress", "job.finished", "job.log"
    QString jobId;
    QJsonObject data;
    QString createdAt;
};

// The durable event log behind GET /api/events: workers append, the EventHub of each
// instance reads after its cursor and fans the rows out to its streams.
class EventRepository
{
public:
    explicit EventRepository(db::Database &database)
        : m_database(database)
    { }

    // Appends one event; *id receives its id when given.
    db::DbError append(
        const QString &type, const QString &jobId, const QJsonObject &data, qint64 *id = nullptr);
    // Events with id > afterId, oldest first, at most `limit`.
    db::DbError after(qint64 afterId, int limit, QList<JobEvent> *out);
    // The highest id so far, 0 when the table is empty.
    db::DbError latestId(qint64 *id);

private:
    db::Database &m_database;
};

} // namespace thetool::repo
