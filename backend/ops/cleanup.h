#pragma once

#include <QString>

#include "backend/db/database.h"
#include "backend/ops/cleanupreport.h"

namespace thetool::ops {

// Prunes what the policy says, in bounded batches (each its own short transaction), and
// never an active (queued or processing) job. preview() counts with the same conditions
// that run() deletes with, so a preview tells what a run right after it removes.
//
// - analysis_jobs: completed, failed or cancelled, created and finished before the cutoff;
//   their job_logs go first (counted), results are kept (job_id becomes NULL);
// - job_events and workers rows (heartbeat) older than the cutoff;
// - analysis_results older than RESULTS_RETENTION_DAYS, only when it is set;
// - price_bars of provider symbols (every bar from 'yahoo') last fetched before
//   PRICE_BARS_RETENTION_DAYS, only when it is set: imported CSV bars are never removed.
class Cleanup
{
public:
    Cleanup(db::Database &database, CleanupPolicy policy)
        : m_database(database)
        , m_policy(policy)
    { }

    db::DbError preview(CleanupReport *out);
    db::DbError run(CleanupReport *out);

    // PostgreSQL: one cleanup at a time across instances, by a session advisory lock on the
    // calling thread's connection (released by unlock(), or when the session ends).
    // SQLite: always acquired.
    db::DbError tryLock(bool *acquired);
    void unlock();
    static qint64 lockKey();

private:
    db::DbError begin(bool dryRun, CleanupReport *out);
    QString ts() const; // a bound timestamp in the column's type
    QString finishedJobs() const; // WHERE condition over analysis_jobs, 2 binds
    QString oldResults() const; // WHERE condition over analysis_results, 1 bind
    QString oldBarSymbols() const; // SELECT symbol ... , 1 bind
    db::DbError scalar(const QString &sql, const QVariantList &binds, qint64 *out);
    // Runs `sql` (a DELETE of at most one batch) until it deletes nothing; adds the rows.
    db::DbError drain(const QString &sql, const QVariantList &binds, qint64 *deleted);
    db::DbError deleteJobs(const CleanupReport &report, CleanupReport *out);
    db::DbError deleteBars(const QString &cutoff, CleanupReport *out);

    db::Database &m_database;
    CleanupPolicy m_policy;
};

// The admin_audit row every cleanup run writes (action "db.cleanup", or
// "db.cleanup.preview" for a dry run), with the report as details.
db::DbError recordCleanupAudit(db::Database &database, const CleanupReport &report, const QString &actor,
    const QString &requestId = {}, const QString &clientAddress = {});

} // namespace thetool::ops
