#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace thetool::ops {

// What the periodic cleanup prunes (DESIGN.md "Data": results are kept unless asked).
struct CleanupPolicy {
    int cleanupDays = 7; // finished jobs, their logs, job events, dead worker rows
    int resultsRetentionDays = 0; // 0: analysis results are never deleted
    int priceBarsRetentionDays = 0; // 0: stored bars are never deleted
    int jobBatch = 500; // rows per statement: a big cleanup never holds long locks
    int rowBatch = 5000; // log lines, events and results per statement
};

// What a cleanup would delete (dry run) or deleted, per table and, for jobs, per state.
struct CleanupReport {
    bool dryRun = true;
    CleanupPolicy policy;
    QString now; // the database's clock when the run began, ISO 8601 UTC
    QString jobsCutoff;
    QString resultsCutoff; // empty: results are kept
    QString priceBarsCutoff; // empty: bars are kept
    QMap<QString, qint64>
        tables; // analysis_jobs, job_logs, job_events, workers, analysis_results, price_bars
    QMap<QString, qint64> jobsByState; // completed, failed, cancelled
    qint64 resultsDetached = 0; // results of deleted jobs: kept, their job_id becomes NULL
    qint64 priceBarSymbols = 0;
    qint64 durationMs = 0;

    qint64 total() const;
    QJsonObject toJson() const;
    // Lines for people: the table counts, then the jobs by state.
    QString toText() const;
};

} // namespace thetool::ops
