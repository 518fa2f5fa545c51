#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "backend/db/database.h"

namespace thetool::repo {

// The columns of analysis_jobs a job is created with and shown by; the queue's lease and
// claim operations come with the job queue.
struct JobRow {
    QString jobId;
    QString status = QStringLiteral("queued"); // queued, processing, completed, failed, cancelled
    QString kind = QStringLiteral("analysis"); // analysis, bulk_analysis, backtest, cleanup
    int progress = 0;
    int total = 0;
    int completed = 0;
    int successful = 0;
    QString errors = QStringLiteral("[]"); // JSON list
    QString tickersJson;
    QString configJson;
    qint64 strategyId = 1;
    QString correlationId;
    int attempt = 0;
    int maxAttempts = 3;
    int priority = 100;
    QString leaseOwner;
    QString error;
    QString createdAt;
    QString updatedAt;
    QString startedAt;
    QString completedAt;
    QString currentTicker; // the ticker a worker is on
    QString heartbeatAt; // the worker's last lease renewal
    QString leaseUntil;
    QString retryOf; // the job this one repeats
    bool cancelRequested = false;
    int tickerTimeoutSeconds = 120;
    int jobTimeoutSeconds = 3600;
    QString resultJson; // a result document (asynchronous backtests); empty for analyses
};

// GET /api/jobs filters; empty fields do not filter. Pages are keyset pages, newest first.
struct JobFilter {
    QString status;
    QString kind;
    QString ticker; // matches jobs whose tickers include it (upper-cased)
    QString correlationId;
    QString createdFrom; // ISO 8601, inclusive
    QString createdTo; // ISO 8601, exclusive
    QString afterCreatedAt; // the cursor: created_at as the database compares it ...
    QString afterJobId; // ... and the job id
    int limit = 50;
};

struct JobCount {
    QString kind;
    QString status;
    qint64 count = 0;
};

class JobRepository
{
public:
    explicit JobRepository(db::Database &database)
        : m_database(database)
    { }

    // A second job with the same id → UniqueViolation.
    db::DbError insert(JobRow *job);
    db::DbError get(const QString &jobId, std::optional<JobRow> *out);
    // Newest first; `status` empty means every status.
    db::DbError list(const QString &status, int limit, QList<JobRow> *out);
    // One page of `filter`; `cursorCreatedAt` gets the last row's created_at in the form the
    // database compares exactly (microseconds on PostgreSQL), for the next page's filter.
    db::DbError page(const JobFilter &filter, QList<JobRow> *out, QString *cursorCreatedAt);
    // Per kind and state, from the job_counts table the triggers keep (no count(*)).
    db::DbError counts(QList<JobCount> *out);

private:
    db::Database &m_database;
};

} // namespace thetool::repo
