#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "backend/db/database.h"
#include "backend/repo/jobrepository.h"
#include "backend/repo/resultrepository.h"

namespace thetool::jobs {

// Who holds a running job: the worker that claimed it and for which attempt. Every write a
// worker makes for a job is fenced by it (DESIGN.md "Jobs").
struct Lease {
    QString jobId;
    QString owner; // worker id
    int attempt = 0;
};

// A job just claimed, with what the worker needs to run it.
struct ClaimedJob {
    Lease lease;
    QString kind;
    QString correlationId;
    QJsonObject config;
    QStringList tickers; // in request order
    int strategyId = 1;
    int total = 0;
    int tickerTimeoutSeconds = 120;
    int jobTimeoutSeconds = 3600;
    qint64 elapsedMs = 0; // since the first attempt started, by the database's clock
};

// What a renewal found.
enum class LeaseState {
    Held, // renewed
    Cancelled, // the job was cancelled: stop, write nothing more
    Lost, // another worker has it, or it ended: stop, write nothing more
};

struct NewJob {
    QString jobId; // empty: a fresh UUID
    QString kind = QStringLiteral("analysis");
    QStringList tickers;
    QString tickersJson;
    QJsonObject config;
    int strategyId = 1;
    QString correlationId;
    int tickerTimeoutSeconds = 120;
    int jobTimeoutSeconds = 3600;
    int maxAttempts = 3;
    QString retryOf;
};

// A batch of results with the counters it moves.
struct ResultBatch {
    QList<repo::ResultRow> rows;
    QJsonArray errors; // the job's whole `errors` list after this batch
    QString currentTicker; // the ticker the worker goes on with (null when none)
};

// The database is the queue: every operation is one statement or one short transaction on
// the calling thread's connection, per dialect (PostgreSQL: FOR UPDATE SKIP LOCKED;
// SQLite: BEGIN IMMEDIATE). Times come from the database's clock.
class JobQueue
{
public:
    explicit JobQueue(db::Database &database)
        : m_database(database)
    { }

    db::DbError enqueue(const NewJob &job, repo::JobRow *created);
    // An active job (queued or processing, created in the last 5 minutes UTC) with the same
    // tickers and strategy (spec §4.5 FIX: UTC, strategy-aware).
    db::DbError findDuplicate(const QString &tickersJson, int strategyId, std::optional<repo::JobRow> *out);
    // Takes the next runnable job for `owner` with a lease of `leaseSeconds`.
    db::DbError claim(const QString &owner, int leaseSeconds, std::optional<ClaimedJob> *out);
    db::DbError renew(const Lease &lease, int leaseSeconds, LeaseState *state);
    // Stores `batch` only while `lease` holds (results ON CONFLICT DO NOTHING); the job's
    // counters are recounted from its result rows. `state` says whether it held.
    db::DbError store(const Lease &lease, int leaseSeconds, const ResultBatch &batch, LeaseState *state);
    db::DbError setCurrentTicker(const Lease &lease, const QString &ticker);
    // The final status (completed or failed); never overwrites cancelled.
    db::DbError finish(const Lease &lease, const QString &status, const QString &error,
        const QJsonArray &errors, const QJsonObject &result = {});
    // The worker stopped for a cancel flag set without the status (another writer, an older
    // binary): the job ends cancelled here. A no-op when the status already says so.
    db::DbError confirmCancelled(const Lease &lease);
    // A job this worker gives back at shutdown: queued again for the next start or another
    // instance, without spending an attempt.
    db::DbError release(const Lease &lease);
    // queued/processing → cancelled. `found` false: no such job; `previous` its status then.
    db::DbError cancel(const QString &jobId, bool *found, QString *previous);
    // Processing jobs whose lease lapsed: back to queued with a backoff, or failed after
    // max_attempts. Returns the ids touched.
    struct Rescued {
        QString jobId;
        QString correlationId;
        int attempt = 0; // the attempt whose worker stopped renewing
        QString leaseOwner; // that worker
    };
    db::DbError rescueStale(QList<Rescued> *requeued, QList<Rescued> *failed);
    // The tickers of `jobId` that already have a result, with the failed ones' errors.
    db::DbError storedResults(const QString &jobId, QStringList *tickers, QJsonArray *errors);

    // The workers table (the console's view of who is alive).
    db::DbError heartbeatWorker(
        const QString &workerId, const QString &instance, const QString &status, const QString &currentJobId);
    db::DbError removeWorker(const QString &workerId);

private:
    bool isPostgres() const;
    QString now() const;
    QString nowPlusSeconds(const QString &secondsExpression) const;
    db::DbError writeTransaction(const std::function<db::DbError(QSqlQuery &)> &work);
    db::DbError leaseState(QSqlQuery &query, const Lease &lease, LeaseState *state);

    db::Database &m_database;
};

} // namespace thetool::jobs
