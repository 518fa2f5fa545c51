#include "backend/repo/jobrepository.h"

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

namespace {

const QString columns = QStringLiteral(
    "SELECT job_id, status, kind, progress, total, completed, successful, errors, tickers_json, config_json, "
    "strategy_id, correlation_id, attempt, max_attempts, priority, lease_owner, error, created_at, "
    "updated_at, started_at, completed_at, current_ticker, heartbeat_at, lease_until, retry_of, "
    "cancel_requested, ticker_timeout_seconds, job_timeout_seconds FROM analysis_jobs ");

JobRow readJob(const QSqlQuery &row)
{
    JobRow j;
    j.jobId = row.value(0).toString();
    j.status = row.value(1).toString();
    j.kind = row.value(2).toString();
    j.progress = row.value(3).toInt();
    j.total = row.value(4).toInt();
    j.completed = row.value(5).toInt();
    j.successful = row.value(6).toInt();
    j.errors = row.value(7).toString();
    j.tickersJson = row.value(8).toString();
    j.configJson = row.value(9).toString();
    j.strategyId = row.value(10).toLongLong();
    j.correlationId = row.value(11).toString();
    j.attempt = row.value(12).toInt();
    j.maxAttempts = row.value(13).toInt();
    j.priority = row.value(14).toInt();
    j.leaseOwner = row.value(15).toString();
    j.error = row.value(16).toString();
    j.createdAt = timestampText(row.value(17));
    j.updatedAt = timestampText(row.value(18));
    j.startedAt = timestampText(row.value(19));
    j.completedAt = timestampText(row.value(20));
    j.currentTicker = row.value(21).toString();
    j.heartbeatAt = timestampText(row.value(22));
    j.leaseUntil = timestampText(row.value(23));
    j.retryOf = row.value(24).toString();
    j.cancelRequested = row.value(25).toBool();
    j.tickerTimeoutSeconds = row.value(26).toInt();
    j.jobTimeoutSeconds = row.value(27).toInt();
    return j;
}

} // namespace

db::DbError JobRepository::insert(JobRow *job)
{
    return runBound(m_database,
        QStringLiteral(
            "INSERT INTO analysis_jobs (job_id, status, kind, progress, total, completed, successful, "
            "errors, tickers_json, config_json, strategy_id, correlation_id, attempt, max_attempts, "
            "priority, lease_owner, error, ticker_timeout_seconds, job_timeout_seconds, retry_of) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING created_at, updated_at"),
        {text(job->jobId), text(job->status), text(job->kind), job->progress, job->total, job->completed,
            job->successful, text(job->errors), text(job->tickersJson), text(job->configJson),
            job->strategyId, text(job->correlationId), job->attempt, job->maxAttempts, job->priority,
            text(job->leaseOwner), text(job->error), job->tickerTimeoutSeconds, job->jobTimeoutSeconds,
            text(job->retryOf)},
        [job](const QSqlQuery &row) {
            job->createdAt = timestampText(row.value(0));
            job->updatedAt = timestampText(row.value(1));
        });
}

db::DbError JobRepository::get(const QString &jobId, std::optional<JobRow> *out)
{
    out->reset();
    return runBound(
        m_database, columns + QStringLiteral("WHERE job_id = ?"), {text(jobId)},
        [out](const QSqlQuery &row) { *out = readJob(row); }, db::Database::Retry::Idempotent);
}

db::DbError JobRepository::list(const QString &status, int limit, QList<JobRow> *out)
{
    out->clear();
    QVariantList binds;
    QString where;
    if (!status.isEmpty()) {
        where = QStringLiteral("WHERE status = ? ");
        binds.append(text(status));
    }
    binds.append(qMax(0, limit));
    return runBound(
        m_database, columns + where + QStringLiteral("ORDER BY created_at DESC, job_id DESC LIMIT ?"), binds,
        [out](const QSqlQuery &row) { out->append(readJob(row)); }, db::Database::Retry::Idempotent);
}

} // namespace thetool::repo
