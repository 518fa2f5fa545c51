#include "backend/jobs/jobqueue.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>

#include "backend/core/buildinfo.h"
#include "backend/repo/eventrepository.h"
#include "backend/repo/sqlsupport.h"

namespace thetool::jobs {

using db::DbError;
using repo::execBound;
using repo::text;

namespace {

constexpr int duplicateWindowMinutes = 5;
constexpr int maxBackoffSeconds = 60;

QStringList tickersOf(const QJsonObject &config, const QString &tickersJson)
{
    QStringList tickers;
    for (const QJsonValue &t : config.value(QStringLiteral("tickers")).toArray())
        tickers.append(t.toString());
    if (tickers.isEmpty()) {
        for (const QJsonValue &t : QJsonDocument::fromJson(tickersJson.toUtf8()).array())
            tickers.append(t.toString());
    }
    return tickers;
}

// Live events (GET /api/events) are a view: a failed append is not the job's failure.
void publish(db::Database &database, const QString &type, const QString &jobId, const QJsonObject &data)
{
    repo::EventRepository(database).append(type, jobId, data);
}

} // namespace

bool JobQueue::isPostgres() const
{
    return m_database.dialect() == db::Dialect::Postgres;
}

QString JobQueue::now() const
{
    return repo::nowSql(m_database.dialect());
}

QString JobQueue::nowPlusSeconds(const QString &seconds) const
{
    if (isPostgres())
        return QStringLiteral("(now() + CAST(%1 AS integer) * interval '1 second')").arg(seconds);
    return QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || CAST(%1 AS integer) || ' seconds')")
        .arg(seconds);
}

DbError JobQueue::writeTransaction(const std::function<DbError(QSqlQuery &)> &work)
{
    return repo::inTransaction(m_database, work); // BEGIN IMMEDIATE on SQLite
}

DbError JobQueue::enqueue(const NewJob &job, repo::JobRow *created)
{
    repo::JobRow row;
    row.jobId = job.jobId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : job.jobId;
    row.kind = job.kind;
    row.total = int(job.tickers.size());
    row.tickersJson = job.tickersJson;
    QJsonObject config = job.config;
    config.insert(QStringLiteral("tickers"), QJsonArray::fromStringList(job.tickers));
    row.configJson = QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Compact));
    row.strategyId = job.strategyId;
    row.correlationId = job.correlationId;
    row.maxAttempts = job.maxAttempts;
    row.tickerTimeoutSeconds = job.tickerTimeoutSeconds;
    row.jobTimeoutSeconds = job.jobTimeoutSeconds;
    row.retryOf = job.retryOf;
    if (DbError e = repo::JobRepository(m_database).insert(&row))
        return e;
    *created = row;
    publish(m_database, QStringLiteral("job.created"), row.jobId,
        {{QStringLiteral("kind"), row.kind}, {QStringLiteral("status"), row.status},
            {QStringLiteral("total"), row.total}, {QStringLiteral("correlation_id"), row.correlationId},
            {QStringLiteral("retry_of"), row.retryOf}});
    return {};
}

DbError JobQueue::findDuplicate(const QString &tickersJson, int strategyId, std::optional<repo::JobRow> *out)
{
    out->reset();
    const QString cutoff = isPostgres()
        ? QStringLiteral("now() - interval '%1 minutes'").arg(duplicateWindowMinutes)
        : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-%1 minutes')").arg(duplicateWindowMinutes);
    QString jobId;
    DbError e = repo::runBound(
        m_database,
        QStringLiteral("SELECT job_id FROM analysis_jobs WHERE status IN ('queued', 'processing') "
                       "AND tickers_json = ? AND strategy_id = ? AND created_at > %1 "
                       "ORDER BY created_at DESC LIMIT 1")
            .arg(cutoff),
        {text(tickersJson), strategyId}, [&jobId](const QSqlQuery &row) { jobId = row.value(0).toString(); },
        db::Database::Retry::Idempotent);
    if (e || jobId.isEmpty())
        return e;
    return repo::JobRepository(m_database).get(jobId, out);
}

DbError JobQueue::claim(const QString &owner, int leaseSeconds, std::optional<ClaimedJob> *out)
{
    out->reset();
    const QString returning = isPostgres()
        ? QStringLiteral("EXTRACT(EPOCH FROM (now() - j.started_at)) * 1000")
        : QStringLiteral("(julianday('now') - julianday(started_at)) * 86400000");
    const QString set = QStringLiteral(
        "SET status = 'processing', attempt = attempt + 1, lease_owner = ?, lease_until = %1, "
        "heartbeat_at = %2, started_at = COALESCE(started_at, %2), current_ticker = NULL, updated_at = %2 ")
                            .arg(nowPlusSeconds(QStringLiteral("?")), now());
    const QString columns = QStringLiteral(
        "job_id, kind, attempt, correlation_id, config_json, tickers_json, strategy_id, total, "
        "ticker_timeout_seconds, job_timeout_seconds, %1")
                                .arg(returning);
    QString sql;
    if (isPostgres()) {
        // Competing workers skip each other's locked rows instead of queueing on them.
        sql = QStringLiteral(
            "WITH next AS (SELECT job_id FROM analysis_jobs WHERE status = 'queued' AND run_at <= now() "
            "ORDER BY priority, created_at FOR UPDATE SKIP LOCKED LIMIT 1) "
            "UPDATE analysis_jobs AS j %1 FROM next WHERE j.job_id = next.job_id RETURNING %2")
                  .arg(set, QStringLiteral("j.") + columns); // only job_id is ambiguous with `next`
    } else {
        sql = QStringLiteral("UPDATE analysis_jobs %1 WHERE job_id = (SELECT job_id FROM analysis_jobs WHERE "
                             "status = 'queued' "
                             "AND run_at <= %2 ORDER BY priority, created_at LIMIT 1) RETURNING %3")
                  .arg(set, now(), columns);
    }
    DbError claimed = writeTransaction([&](QSqlQuery &query) {
        return execBound(m_database, query, sql, {owner, leaseSeconds}, [&](const QSqlQuery &row) {
            ClaimedJob job;
            job.lease = {row.value(0).toString(), owner, row.value(2).toInt()};
            job.kind = row.value(1).toString();
            job.correlationId = row.value(3).toString();
            job.config = QJsonDocument::fromJson(row.value(4).toString().toUtf8()).object();
            job.tickers = tickersOf(job.config, row.value(5).toString());
            job.strategyId = row.value(6).toInt();
            job.total = row.value(7).toInt();
            job.tickerTimeoutSeconds = row.value(8).toInt();
            job.jobTimeoutSeconds = row.value(9).toInt();
            job.elapsedMs = qMax<qint64>(0, qRound64(row.value(10).toDouble()));
            *out = job;
        });
    });
    if (!claimed && *out)
        publish(m_database, QStringLiteral("job.progress"), (*out)->lease.jobId,
            {{QStringLiteral("status"), QStringLiteral("processing")},
                {QStringLiteral("attempt"), (*out)->lease.attempt}, {QStringLiteral("total"), (*out)->total},
                {QStringLiteral("worker"), owner}});
    return claimed;
}

DbError JobQueue::leaseState(QSqlQuery &query, const Lease &lease, LeaseState *state)
{
    *state = LeaseState::Lost;
    return execBound(m_database, query,
        QStringLiteral(
            "SELECT status, cancel_requested, lease_owner, attempt FROM analysis_jobs WHERE job_id = ?"),
        {lease.jobId}, [&](const QSqlQuery &row) {
            if (row.value(0).toString() == QLatin1String("cancelled") || row.value(1).toBool())
                *state = LeaseState::Cancelled;
            else if (row.value(0).toString() == QLatin1String("processing")
                && row.value(2).toString() == lease.owner && row.value(3).toInt() == lease.attempt)
                *state = LeaseState::Held;
        });
}

DbError JobQueue::renew(const Lease &lease, int leaseSeconds, LeaseState *state)
{
    *state = LeaseState::Lost;
    return m_database.run([&](QSqlDatabase &connection) -> DbError {
        QSqlQuery query(connection);
        bool renewed = false;
        if (DbError e = execBound(m_database, query,
                QStringLiteral(
                    "UPDATE analysis_jobs SET lease_until = %1, heartbeat_at = %2 WHERE job_id = ? "
                    "AND lease_owner = ? AND attempt = ? AND status = 'processing' "
                    "AND NOT cancel_requested RETURNING job_id")
                    .arg(nowPlusSeconds(QStringLiteral("?")), now()),
                {leaseSeconds, lease.jobId, lease.owner, lease.attempt},
                [&renewed](const QSqlQuery &) { renewed = true; }))
            return e;
        if (renewed) {
            *state = LeaseState::Held;
            return {};
        }
        QSqlQuery check(connection);
        return leaseState(check, lease, state);
    });
}

DbError JobQueue::store(const Lease &lease, int leaseSeconds, const ResultBatch &batch, LeaseState *state)
{
    *state = LeaseState::Lost;
    QJsonObject progress;
    return writeTransaction([&](QSqlQuery &query) -> DbError {
        // The fence: this worker's lease and attempt, still processing and not cancelled.
        // FOR UPDATE orders this batch against a concurrent cancel: whichever commits
        // second sees the other's outcome.
        bool held = false;
        if (DbError e = execBound(m_database, query,
                QStringLiteral("SELECT job_id FROM analysis_jobs WHERE job_id = ? AND lease_owner = ? "
                               "AND attempt = ? AND status = 'processing' AND NOT cancel_requested%1")
                    .arg(isPostgres() ? QStringLiteral(" FOR UPDATE") : QString()),
                {lease.jobId, lease.owner, lease.attempt}, [&held](const QSqlQuery &) { held = true; }))
            return e;
        if (!held)
            return leaseState(query, lease, state);
        for (const repo::ResultRow &row : batch.rows) {
            if (DbError e = execBound(m_database, query,
                    repo::resultInsertSql() + QStringLiteral("ON CONFLICT DO NOTHING"),
                    repo::resultInsertBinds(row)))
                return e;
        }
        const QString count = QStringLiteral("(SELECT count(*) FROM analysis_results WHERE job_id = ?%1)");
        const QString done = count.arg(QString());
        if (DbError e = execBound(m_database, query,
                QStringLiteral("UPDATE analysis_jobs SET completed = %1, successful = %2, "
                               "progress = CASE WHEN total > 0 THEN %1 * 100 / total ELSE 0 END, errors = ?, "
                               "current_ticker = ?, lease_until = %3, heartbeat_at = %4 WHERE job_id = ? "
                               "RETURNING completed, successful, total, progress")
                    .arg(done, count.arg(QStringLiteral(" AND status = 'completed'")),
                        nowPlusSeconds(QStringLiteral("?")), now()),
                {lease.jobId, lease.jobId, lease.jobId,
                    QString::fromUtf8(QJsonDocument(batch.errors).toJson(QJsonDocument::Compact)),
                    text(batch.currentTicker), leaseSeconds, lease.jobId},
                [&progress](const QSqlQuery &row) {
                    progress = {{QStringLiteral("status"), QStringLiteral("processing")},
                        {QStringLiteral("completed"), row.value(0).toInt()},
                        {QStringLiteral("successful"), row.value(1).toInt()},
                        {QStringLiteral("total"), row.value(2).toInt()},
                        {QStringLiteral("progress"), row.value(3).toInt()}};
                }))
            return e;
        progress.insert(QStringLiteral("current_ticker"),
            batch.currentTicker.isEmpty() ? QJsonValue() : QJsonValue(batch.currentTicker));
        // In the same transaction: the event exists exactly when the results do.
        publish(m_database, QStringLiteral("job.progress"), lease.jobId, progress);
        *state = LeaseState::Held;
        return {};
    });
}

DbError JobQueue::setCurrentTicker(const Lease &lease, const QString &ticker)
{
    return repo::runBound(m_database,
        QStringLiteral("UPDATE analysis_jobs SET current_ticker = ? WHERE job_id = ? AND lease_owner = ? "
                       "AND attempt = ? AND status = 'processing'"),
        {text(ticker), lease.jobId, lease.owner, lease.attempt});
}

DbError JobQueue::finish(const Lease &lease, const QString &status, const QString &error,
    const QJsonArray &errors, const QJsonObject &result)
{
    QJsonObject finished;
    DbError e = repo::runBound(m_database,
        QStringLiteral(
            "UPDATE analysis_jobs SET status = ?, error = ?, errors = ?, result_json = ?, completed_at = %1, "
            "updated_at = %1, current_ticker = NULL, lease_until = NULL WHERE job_id = ? "
            "AND lease_owner = ? AND attempt = ? AND status = 'processing' "
            "RETURNING status, completed, successful, total")
            .arg(now()),
        {status, text(error), QString::fromUtf8(QJsonDocument(errors).toJson(QJsonDocument::Compact)),
            result.isEmpty()
                ? QVariant(QMetaType::fromType<QString>())
                : QVariant(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact))),
            lease.jobId, lease.owner, lease.attempt},
        [&finished, &error](const QSqlQuery &row) {
            finished = {{QStringLiteral("status"), row.value(0).toString()},
                {QStringLiteral("completed"), row.value(1).toInt()},
                {QStringLiteral("successful"), row.value(2).toInt()},
                {QStringLiteral("total"), row.value(3).toInt()},
                {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)}};
        });
    if (!e && !finished.isEmpty())
        publish(m_database, QStringLiteral("job.finished"), lease.jobId, finished);
    return e;
}

DbError JobQueue::confirmCancelled(const Lease &lease)
{
    bool changed = false;
    DbError e = repo::runBound(m_database,
        QStringLiteral("UPDATE analysis_jobs SET status = 'cancelled', completed_at = %1, updated_at = %1, "
                       "current_ticker = NULL, lease_until = NULL WHERE job_id = ? AND lease_owner = ? "
                       "AND attempt = ? AND status = 'processing' AND cancel_requested RETURNING job_id")
            .arg(now()),
        {lease.jobId, lease.owner, lease.attempt}, [&changed](const QSqlQuery &) { changed = true; });
    if (!e && changed)
        publish(m_database, QStringLiteral("job.finished"), lease.jobId,
            {{QStringLiteral("status"), QStringLiteral("cancelled")}});
    return e;
}

DbError JobQueue::release(const Lease &lease)
{
    return repo::runBound(m_database,
        QStringLiteral(
            "UPDATE analysis_jobs SET status = 'queued', attempt = attempt - 1, lease_owner = NULL, "
            "lease_until = NULL, current_ticker = NULL, run_at = %1 WHERE job_id = ? AND lease_owner = ? "
            "AND attempt = ? AND status = 'processing'")
            .arg(now()),
        {lease.jobId, lease.owner, lease.attempt});
}

DbError JobQueue::cancel(const QString &jobId, bool *found, QString *previous)
{
    *found = false;
    previous->clear();
    return writeTransaction([&](QSqlQuery &query) -> DbError {
        if (DbError e = execBound(m_database, query,
                QStringLiteral("SELECT status FROM analysis_jobs WHERE job_id = ?%1")
                    .arg(isPostgres() ? QStringLiteral(" FOR UPDATE") : QString()),
                {jobId}, [&](const QSqlQuery &row) {
                    *found = true;
                    *previous = row.value(0).toString();
                }))
            return e;
        if (!*found || (*previous != QLatin1String("queued") && *previous != QLatin1String("processing")))
            return {};
        if (DbError e = execBound(m_database, query,
                QStringLiteral("UPDATE analysis_jobs SET status = 'cancelled', cancel_requested = TRUE, "
                               "completed_at = %1, updated_at = %1, current_ticker = NULL WHERE job_id = ?")
                    .arg(now()),
                {jobId}))
            return e;
        publish(m_database, QStringLiteral("job.finished"), jobId,
            {{QStringLiteral("status"), QStringLiteral("cancelled")},
                {QStringLiteral("previous_status"), *previous}});
        return DbError {};
    });
}

DbError JobQueue::rescueStale(QList<Rescued> *requeued, QList<Rescued> *failed)
{
    requeued->clear();
    failed->clear();
    const QString lapsed = QStringLiteral("status = 'processing' AND lease_until < %1").arg(now());
    const QString backoff = isPostgres()
        ? QStringLiteral("LEAST(%1, power(2, attempt - 1))").arg(maxBackoffSeconds)
        : QStringLiteral("min(%1, 1 << (attempt - 1))").arg(maxBackoffSeconds);
    const QString returning = QStringLiteral("job_id, correlation_id, attempt, lease_owner");
    const auto read = [](const QSqlQuery &row) {
        return Rescued {
            row.value(0).toString(), row.value(1).toString(), row.value(2).toInt(), row.value(3).toString()};
    };
    return writeTransaction([&](QSqlQuery &query) -> DbError {
        if (DbError e = execBound(m_database, query,
                QStringLiteral(
                    "UPDATE analysis_jobs SET status = 'failed', error = 'lease expired after ' || "
                    "attempt || ' attempts', completed_at = %1, updated_at = %1, lease_until = NULL, "
                    "current_ticker = NULL WHERE %2 AND attempt >= max_attempts RETURNING %3")
                    .arg(now(), lapsed, returning),
                {}, [failed, &read](const QSqlQuery &row) { failed->append(read(row)); }))
            return e;
        for (const Rescued &job : *failed)
            publish(m_database, QStringLiteral("job.finished"), job.jobId,
                {{QStringLiteral("status"), QStringLiteral("failed")},
                    {QStringLiteral("error"), QStringLiteral("lease expired")}});
        return execBound(m_database, query,
            QStringLiteral("UPDATE analysis_jobs SET status = 'queued', run_at = %1, lease_until = NULL, "
                           "current_ticker = NULL WHERE %2 AND attempt < max_attempts RETURNING %3")
                .arg(nowPlusSeconds(backoff), lapsed, returning),
            {}, [requeued, &read](const QSqlQuery &row) { requeued->append(read(row)); });
    });
}

DbError JobQueue::storedResults(const QString &jobId, QStringList *tickers, QJsonArray *errors)
{
    tickers->clear();
    *errors = QJsonArray();
    return repo::runBound(
        m_database,
        QStringLiteral(
            "SELECT ticker, status, error_message FROM analysis_results WHERE job_id = ? ORDER BY id"),
        {jobId},
        [&](const QSqlQuery &row) {
            tickers->append(row.value(0).toString());
            if (row.value(1).toString() != QLatin1String("completed"))
                errors->append(QJsonObject {{QStringLiteral("ticker"), row.value(0).toString()},
                    {QStringLiteral("error"), row.value(2).toString()}});
        },
        db::Database::Retry::Idempotent);
}

DbError JobQueue::heartbeatWorker(
    const QString &workerId, const QString &instance, const QString &status, const QString &currentJobId)
{
    return repo::runBound(m_database,
        QStringLiteral(
            "INSERT INTO workers (worker_id, instance, hostname, pid, version, status, current_job_id, "
            "heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, %1) ON CONFLICT (worker_id) DO UPDATE SET "
            "status = excluded.status, current_job_id = excluded.current_job_id, "
            "heartbeat_at = excluded.heartbeat_at")
            .arg(now()),
        {workerId, instance, QHostInfo::localHostName(), QCoreApplication::applicationPid(),
            core::versionWithRevision(), status, text(currentJobId)});
}

DbError JobQueue::removeWorker(const QString &workerId)
{
    return repo::runBound(m_database, QStringLiteral("DELETE FROM workers WHERE worker_id = ?"), {workerId});
}

} // namespace thetool::jobs
