#pragma once

#include <QList>
#include <QString>

#include "backend/db/database.h"

namespace thetool::repo {

// One line of a job's log; `id` is the polling cursor.
struct JobLogLine {
    qint64 id = 0;
    QString jobId;
    QString createdAt;
    QString level = QStringLiteral("info"); // debug, info, warning, error
    QString correlationId;
    int attempt = 0; // 0: none
    QString ticker;
    QString message;
};

class JobLogRepository
{
public:
    explicit JobLogRepository(db::Database &database)
        : m_database(database)
    { }

    // A line of an unknown job → ForeignKeyViolation.
    db::DbError append(JobLogLine *line);
    // Lines of `jobId` with id > afterId, oldest first, at most `limit`.
    db::DbError list(const QString &jobId, qint64 afterId, int limit, QList<JobLogLine> *out);

private:
    db::Database &m_database;
};

} // namespace thetool::repo
