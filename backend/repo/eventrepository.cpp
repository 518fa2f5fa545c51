#include "backend/repo/eventrepository.h"

#include <QJsonDocument>

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

db::DbError EventRepository::append(
    const QString &type, const QString &jobId, const QJsonObject &data, qint64 *id)
{
    const QString json = QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
    return runBound(m_database,
        QStringLiteral("INSERT INTO job_events (type, job_id, data) VALUES (?, ?, ?) RETURNING id"),
        {text(type), text(jobId), json}, [id](const QSqlQuery &row) {
            if (id)
                *id = row.value(0).toLongLong();
        });
}

db::DbError EventRepository::after(qint64 afterId, int limit, QList<JobEvent> *out)
{
    out->clear();
    return runBound(
        m_database,
        QStringLiteral(
            "SELECT id, type, job_id, data, created_at FROM job_events WHERE id > ? ORDER BY id LIMIT ?"),
        {afterId, qMax(0, limit)},
        [out](const QSqlQuery &row) {
            JobEvent event;
            event.id = row.value(0).toLongLong();
            event.type = row.value(1).toString();
            event.jobId = row.value(2).toString();
            event.data = QJsonDocument::fromJson(row.value(3).toString().toUtf8()).object();
            event.createdAt = timestampText(row.value(4));
            out->append(event);
        },
        db::Database::Retry::Idempotent);
}

db::DbError EventRepository::latestId(qint64 *id)
{
    *id = 0;
    return runBound(
        m_database, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM job_events"), {},
        [id](const QSqlQuery &row) { *id = row.value(0).toLongLong(); }, db::Database::Retry::Idempotent);
}

} // namespace thetool::repo
