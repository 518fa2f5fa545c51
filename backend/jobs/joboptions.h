#pragma once

#include <QString>

namespace thetool::jobs {

// The job system's settings (from Config: WORKERS, JOB_LEASE_SECONDS, TICKER_TIMEOUT,
// JOB_TIMEOUT, MAX_BULK_WORKERS).
struct JobOptions {
    int workers = 2;
    int leaseSeconds = 30; // a worker renews at a third of it
    int tickerTimeoutSeconds = 120;
    int jobTimeoutSeconds = 3600;
    int maxBulkWorkers = 5;
    int maxAttempts = 3;
    int idlePollMs = 1000; // how often an idle worker looks for jobs other instances queued
    QString instance; // "host:pid", prefixes worker ids
};

} // namespace thetool::jobs
