#include "backend/repo/joblogrepository.h"

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

db::DbError JobLogRepository::append(JobLogLine *line)
{
    return runBound(m_database,
        QStringLiteral("INSERT INTO job_logs (job_id, level, correlation_id, attempt, ticker, message) "
                       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id, created_at"),
        {text(line->jobId), text(line->level), text(line->correlationId),
            nullableInt(line->attempt != 0, line->attempt), text(line->ticker), text(line->message)},
        [line](const QSqlQuery &row) {
            line->id = row.value(0).toLongLong();
            line->createdAt = timestampText(row.value(1));
        });
}

db::DbError JobLogRepository::list(const QString &jobId, qint64 afterId, int limit, QList<JobLogLine> *out)
{
    out->clear();
    return runBound(
        m_database,
        QStringLiteral("SELECT id, job_id, created_at, level, correlation_id, attempt, ticker, message "
                       "FROM job_logs WHERE job_id = ? AND id > ? ORDER BY id LIMIT ?"),
        {text(jobId), afterId, qMax(0, limit)},
        [out](const QSqlQuery &row) {
            JobLogLine l;
            l.id = row.value(0).toLongLong();
            l.jobId = row.value(1).toString();
            l.createdAt = timestampText(row.value(2));
            l.level = row.value(3).toString();
            l.correlationId = row.value(4).toString();
            l.attempt = row.value(5).toInt();
            l.ticker = row.value(6).toString();
            l.message = row.value(7).toString();
            out->append(l);
        },
        db::Database::Retry::Idempotent);
}

} // namespace thetool::repo
