#include "backend/repo/jobrepository.h"

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

namespace {

const QString columns = QStringLiteral(
    "SELECT job_id, status, kind, progress, total, completed, successful, errors, tickers_json, config_json, "
    "strategy_id, correlation_id, attempt, max_attempts, priority, lease_owner, error, created_at, "
    "updated_at, started_at, completed_at, current_ticker, heartbeat_at, lease_until, retry_of, "
    "cancel_requested, ticker_timeout_seconds, job_timeout_seconds, result_json FROM analysis_jobs ");

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
    j.resultJson = row.value(28).toString();
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

db::DbError JobRepository::page(const JobFilter &filter, QList<JobRow> *out, QString *cursorCreatedAt)
{
    out->clear();
    cursorCreatedAt->clear();
    const bool pg = m_database.dialect() == db::Dialect::Postgres;
    const QString timestamp = pg ? QStringLiteral("CAST(? AS timestamptz)") : QStringLiteral("?");
    QStringList where;
    QVariantList binds;
    const auto add = [&](const QString &condition, const QVariantList &values) {
        where.append(condition);
        binds.append(values);
    };
    if (!filter.status.isEmpty())
        add(QStringLiteral("status = ?"), {filter.status});
    if (!filter.kind.isEmpty())
        add(QStringLiteral("kind = ?"), {filter.kind});
    if (!filter.correlationId.isEmpty())
        add(QStringLiteral("correlation_id = ?"), {filter.correlationId});
    if (!filter.ticker.isEmpty()) {
        // Tickers are stored as JSON strings; LIKE's wildcards in a ticker are escaped.
        QString quoted = QLatin1Char('"') + filter.ticker.toUpper() + QLatin1Char('"');
        quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        const QString pattern = QLatin1Char('%') + quoted + QLatin1Char('%');
        add(QStringLiteral("(tickers_json LIKE ? ESCAPE '\\' OR config_json LIKE ? ESCAPE '\\')"),
            {pattern, pattern});
    }
    if (!filter.createdFrom.isEmpty())
        add(QStringLiteral("created_at >= ") + timestamp, {filter.createdFrom});
    if (!filter.createdTo.isEmpty())
        add(QStringLiteral("created_at < ") + timestamp, {filter.createdTo});
    if (!filter.afterCreatedAt.isEmpty())
        add(QStringLiteral("(created_at, job_id) < (%1, ?)").arg(timestamp),
            {filter.afterCreatedAt, filter.afterJobId});
    binds.append(qBound(1, filter.limit, 500));
    const QString rawCreated = pg ? QStringLiteral("CAST(created_at AS TEXT) AS cursor_created_at")
                                 : QStringLiteral("created_at AS cursor_created_at");
    const QString sql = QString(columns).replace(QStringLiteral(" FROM analysis_jobs "),
                            QStringLiteral(", %1 FROM analysis_jobs ").arg(rawCreated))
        + (where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")))
        + QStringLiteral(" ORDER BY created_at DESC, job_id DESC LIMIT ?");
    return runBound(
        m_database, sql, binds,
        [out, cursorCreatedAt](const QSqlQuery &row) {
            out->append(readJob(row));
            *cursorCreatedAt = row.value(29).toString();
        },
        db::Database::Retry::Idempotent);
}

db::DbError JobRepository::counts(QList<JobCount> *out)
{
    out->clear();
    return runBound(
        m_database, QStringLiteral("SELECT kind, status, n FROM job_counts ORDER BY kind, status"), {},
        [out](const QSqlQuery &row) {
            out->append({row.value(0).toString(), row.value(1).toString(), row.value(2).toLongLong()});
        },
        db::Database::Retry::Idempotent);
}

} // namespace thetool::repo
