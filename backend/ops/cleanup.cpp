#include "backend/ops/cleanup.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlQuery>

#include "backend/repo/auditrepository.h"
#include "backend/repo/sqlsupport.h"

namespace thetool::ops {

namespace {

using db::DbError;

constexpr int symbolBatch = 20; // a symbol holds up to a few thousand bars

const QString tJobs = QStringLiteral("analysis_jobs");
const QString tLogs = QStringLiteral("job_logs");
const QString tEvents = QStringLiteral("job_events");
const QString tWorkers = QStringLiteral("workers");
const QString tResults = QStringLiteral("analysis_results");
const QString tBars = QStringLiteral("price_bars");

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

qint64 Cleanup::lockKey()
{
    // Beside MigrationRunner's "thetool\x01": "thetool\x02" for the cleanup.
    return Q_INT64_C(0x746865746f6f6c02);
}

QString Cleanup::ts() const
{
    return m_database.dialect() == db::Dialect::Postgres ? QStringLiteral("CAST(? AS TIMESTAMPTZ)")
                                                         : QStringLiteral("?");
}

QString Cleanup::finishedJobs() const
{
    // Created and finished before the cutoff: a job queued long ago that ended an hour ago
    // stays for CLEANUP_DAYS after its end.
    return QStringLiteral("status IN ('completed', 'failed', 'cancelled') AND created_at < ") + ts()
        + QStringLiteral(" AND COALESCE(completed_at, updated_at, created_at) < ") + ts();
}

QString Cleanup::oldResults() const
{
    return QStringLiteral("created_at < ") + ts()
        + QStringLiteral(" AND (job_id IS NULL OR job_id NOT IN "
                         "(SELECT job_id FROM analysis_jobs WHERE status IN ('queued', 'processing')))");
}

QString Cleanup::oldBarSymbols() const
{
    // Provider symbols only (every bar from 'yahoo': it can be fetched again); nobody
    // analysed them for the retention period, since an analysis refreshes stale bars.
    return QStringLiteral("SELECT symbol FROM price_bars GROUP BY symbol HAVING MAX(fetched_at) < ") + ts()
        + QStringLiteral(" AND MIN(CASE WHEN source = 'yahoo' THEN 1 ELSE 0 END) = 1");
}

DbError Cleanup::scalar(const QString &sql, const QVariantList &binds, qint64 *out)
{
    *out = 0;
    return repo::runBound(
        m_database, sql, binds, [out](const QSqlQuery &row) { *out = row.value(0).toLongLong(); },
        db::Database::Retry::Idempotent);
}

DbError Cleanup::begin(bool dryRun, CleanupReport *out)
{
    *out = CleanupReport {};
    out->dryRun = dryRun;
    out->policy = m_policy;
    // The database's clock, once: every batch of this run compares with the same cutoffs.
    QDateTime now;
    const bool pg = m_database.dialect() == db::Dialect::Postgres;
    const DbError e = repo::runBound(
        m_database,
        pg ? QStringLiteral("SELECT now()") : QStringLiteral("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"),
        {},
        [&](const QSqlQuery &row) {
            now = pg ? row.value(0).toDateTime()
                     : QDateTime::fromString(row.value(0).toString(), Qt::ISODateWithMs);
        },
        db::Database::Retry::Idempotent);
    if (e)
        return e;
    if (!now.isValid())
        return DbError::make(
            DbError::Kind::Other, QStringLiteral("cleanup: cannot read the database's clock"));
    out->now = iso(now);
    out->jobsCutoff = iso(now.addDays(-m_policy.cleanupDays));
    if (m_policy.resultsRetentionDays > 0)
        out->resultsCutoff = iso(now.addDays(-m_policy.resultsRetentionDays));
    if (m_policy.priceBarsRetentionDays > 0)
        out->priceBarsCutoff = iso(now.addDays(-m_policy.priceBarsRetentionDays));
    for (const QString &table : {tJobs, tLogs, tEvents, tWorkers, tResults, tBars})
        out->tables.insert(table, 0);
    for (const char *state : {"completed", "failed", "cancelled"})
        out->jobsByState.insert(QString::fromLatin1(state), 0);
    return {};
}

DbError Cleanup::preview(CleanupReport *out)
{
    QElapsedTimer timer;
    timer.start();
    if (DbError e = begin(true, out))
        return e;
    const QString &cut = out->jobsCutoff;
    const QVariantList jobBinds {cut, cut};
    const QString jobIds = QStringLiteral("SELECT job_id FROM analysis_jobs WHERE ") + finishedJobs();
    if (DbError e = repo::runBound(
            m_database,
            QStringLiteral("SELECT status, COUNT(*) FROM analysis_jobs WHERE ") + finishedJobs()
                + QStringLiteral(" GROUP BY status"),
            jobBinds,
            [out](const QSqlQuery &row) {
                out->jobsByState[row.value(0).toString()] = row.value(1).toLongLong();
                out->tables[tJobs] += row.value(1).toLongLong();
            },
            db::Database::Retry::Idempotent))
        return e;
    DbError e;
    if ((e = scalar(
             QStringLiteral("SELECT COUNT(*) FROM job_logs WHERE job_id IN (") + jobIds + QLatin1Char(')'),
             jobBinds, &out->tables[tLogs])))
        return e;
    if ((e = scalar(QStringLiteral("SELECT COUNT(*) FROM job_events WHERE created_at < ") + ts(), {cut},
             &out->tables[tEvents])))
        return e;
    if ((e = scalar(QStringLiteral("SELECT COUNT(*) FROM workers WHERE heartbeat_at < ") + ts(), {cut},
             &out->tables[tWorkers])))
        return e;
    if (!out->resultsCutoff.isEmpty()) {
        if ((e = scalar(QStringLiteral("SELECT COUNT(*) FROM analysis_results WHERE ") + oldResults(),
                 {out->resultsCutoff}, &out->tables[tResults])))
            return e;
        // Results of deleted jobs that the retention keeps.
        if ((e = scalar(QStringLiteral("SELECT COUNT(*) FROM analysis_results WHERE job_id IN (") + jobIds
                     + QStringLiteral(") AND (created_at IS NULL OR created_at >= ") + ts()
                     + QLatin1Char(')'),
                 {cut, cut, out->resultsCutoff}, &out->resultsDetached)))
            return e;
    } else if ((e = scalar(QStringLiteral("SELECT COUNT(*) FROM analysis_results WHERE job_id IN (") + jobIds
                        + QLatin1Char(')'),
                    jobBinds, &out->resultsDetached))) {
        return e;
    }
    if (!out->priceBarsCutoff.isEmpty()) {
        const QVariantList binds {out->priceBarsCutoff};
        if ((e = scalar(QStringLiteral("SELECT COUNT(*) FROM (") + oldBarSymbols() + QStringLiteral(") s"),
                 binds, &out->priceBarSymbols)))
            return e;
        if ((e = scalar(QStringLiteral("SELECT COUNT(*) FROM price_bars WHERE symbol IN (") + oldBarSymbols()
                     + QLatin1Char(')'),
                 binds, &out->tables[tBars])))
            return e;
    }
    out->durationMs = timer.elapsed();
    return {};
}

DbError Cleanup::drain(const QString &sql, const QVariantList &binds, qint64 *deleted)
{
    for (;;) {
        qint64 affected = 0;
        const DbError e = m_database.run([&](QSqlDatabase &connection) {
            QSqlQuery query(connection);
            if (DbError error = repo::execBound(m_database, query, sql, binds))
                return error;
            affected = query.numRowsAffected();
            return DbError {};
        });
        if (e)
            return e;
        if (affected <= 0)
            return {};
        *deleted += affected;
    }
}

DbError Cleanup::deleteJobs(const CleanupReport &report, CleanupReport *out)
{
    const QString sql = QStringLiteral("DELETE FROM analysis_jobs WHERE job_id IN (SELECT job_id FROM "
                                       "analysis_jobs WHERE ")
        + finishedJobs() + QStringLiteral(" LIMIT ?) RETURNING status");
    const QVariantList binds {report.jobsCutoff, report.jobsCutoff, m_policy.jobBatch};
    for (;;) {
        qint64 batch = 0;
        const DbError e = m_database.run([&](QSqlDatabase &connection) {
            QSqlQuery query(connection);
            return repo::execBound(m_database, query, sql, binds, [&](const QSqlQuery &row) {
                ++out->jobsByState[row.value(0).toString()];
                ++batch;
            });
        });
        if (e)
            return e;
        if (batch == 0)
            return {};
        out->tables[tJobs] += batch;
    }
}

DbError Cleanup::deleteBars(const QString &cutoff, CleanupReport *out)
{
    const QString pick = oldBarSymbols() + QStringLiteral(" ORDER BY symbol LIMIT ?");
    // The condition is checked again per symbol: a refresh in between keeps the symbol.
    const QString remove = QStringLiteral("DELETE FROM price_bars WHERE symbol = ? AND symbol IN (")
        + oldBarSymbols() + QLatin1Char(')');
    for (;;) {
        QStringList symbols;
        if (DbError e = repo::runBound(m_database, pick, {cutoff, symbolBatch},
                [&](const QSqlQuery &row) { symbols.append(row.value(0).toString()); }))
            return e;
        if (symbols.isEmpty())
            return {};
        for (const QString &symbol : std::as_const(symbols)) {
            qint64 rows = 0;
            const DbError e = m_database.run([&](QSqlDatabase &connection) {
                QSqlQuery query(connection);
                if (DbError error = repo::execBound(m_database, query, remove, {symbol, cutoff}))
                    return error;
                rows = query.numRowsAffected();
                return DbError {};
            });
            if (e)
                return e;
            if (rows > 0) {
                out->tables[tBars] += rows;
                ++out->priceBarSymbols;
            }
        }
    }
}

DbError Cleanup::run(CleanupReport *out)
{
    QElapsedTimer timer;
    timer.start();
    if (DbError e = begin(false, out))
        return e;
    const CleanupReport &r = *out;
    const QString cut = r.jobsCutoff;
    const QString jobIds = QStringLiteral("SELECT job_id FROM analysis_jobs WHERE ") + finishedJobs();
    const QString rowLimit = QStringLiteral(" LIMIT %1)").arg(m_policy.rowBatch);
    DbError e;
    if (!r.resultsCutoff.isEmpty()
        && (e = drain(
                QStringLiteral("DELETE FROM analysis_results WHERE id IN (SELECT id FROM analysis_results "
                               "WHERE ")
                    + oldResults() + rowLimit,
                {r.resultsCutoff}, &out->tables[tResults])))
        return e;
    // What stays of the deleted jobs' results (their job_id becomes NULL).
    if ((e = scalar(QStringLiteral("SELECT COUNT(*) FROM analysis_results WHERE job_id IN (") + jobIds
                 + QLatin1Char(')'),
             {cut, cut}, &out->resultsDetached)))
        return e;
    // Log lines first, in batches of rows: the cascade of a big bulk job's lines would be
    // one long statement.
    if ((e = drain(
             QStringLiteral("DELETE FROM job_logs WHERE id IN (SELECT id FROM job_logs WHERE job_id IN (")
                 + jobIds + QLatin1Char(')') + rowLimit,
             {cut, cut}, &out->tables[tLogs])))
        return e;
    if ((e = deleteJobs(r, out)))
        return e;
    if ((e = drain(QStringLiteral("DELETE FROM job_events WHERE id IN (SELECT id FROM job_events WHERE "
                                  "created_at < ")
                 + ts() + rowLimit,
             {cut}, &out->tables[tEvents])))
        return e;
    if ((e = drain(
             QStringLiteral("DELETE FROM workers WHERE worker_id IN (SELECT worker_id FROM workers WHERE "
                            "heartbeat_at < ")
                 + ts() + rowLimit,
             {cut}, &out->tables[tWorkers])))
        return e;
    if (!r.priceBarsCutoff.isEmpty() && (e = deleteBars(r.priceBarsCutoff, out)))
        return e;
    out->durationMs = timer.elapsed();
    return {};
}

DbError Cleanup::tryLock(bool *acquired)
{
    *acquired = true;
    if (m_database.dialect() != db::Dialect::Postgres)
        return {};
    *acquired = false;
    return repo::runBound(m_database, QStringLiteral("SELECT pg_try_advisory_lock(?)"), {lockKey()},
        [acquired](const QSqlQuery &row) { *acquired = row.value(0).toBool(); });
}

void Cleanup::unlock()
{
    if (m_database.dialect() == db::Dialect::Postgres)
        repo::runBound(m_database, QStringLiteral("SELECT pg_advisory_unlock(?)"), {lockKey()});
}

DbError recordCleanupAudit(db::Database &database, const CleanupReport &report, const QString &actor,
    const QString &requestId, const QString &clientAddress)
{
    repo::AdminAuditEntry entry;
    entry.actor = actor;
    entry.action = report.dryRun ? QStringLiteral("db.cleanup.preview") : QStringLiteral("db.cleanup");
    entry.details = QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact));
    entry.requestId = requestId;
    entry.clientAddress = clientAddress;
    return repo::AuditRepository(database).recordAdminAction(entry);
}

} // namespace thetool::ops
