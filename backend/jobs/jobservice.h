#pragma once

#include <QHash>
#include <QSet>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "backend/jobs/joboptions.h"
#include "backend/jobs/kindrunner.h"

namespace thetool::cache {
class CacheService;
}
namespace thetool::db {
class Database;
}
namespace thetool::log {
class Logger;
}
namespace thetool::market {
class MarketDataService;
}

namespace thetool::jobs {

// This instance's job workers (DESIGN.md "Jobs", "Threads and connections"): `workers`
// fixed threads, each with its own database connection, claiming jobs from the database
// queue so several instances share the work. Stopping releases running jobs back to the
// queue for the next start (or another instance).
class JobService
{
public:
    JobService(db::Database &database, market::MarketDataService *marketData, log::Logger &logger,
        JobOptions options);
    ~JobService(); // stop()
    JobService(const JobService &) = delete;
    JobService &operator=(const JobService &) = delete;

    const JobOptions &options() const { return m_options; }
    // Jobs of `kind` run through `runner` (register before start()).
    void setRunner(const QString &kind, KindRunner runner) { m_runners.insert(kind, std::move(runner)); }
    // Analyses and provider responses go through `cache` (set before start(); null: none).
    void setCache(cache::CacheService *cache) { m_cache = cache; }
    // Told of every run a worker of this instance finishes (for /metrics); register before start().
    using RunObserver = std::function<void(const QString &kind, const QString &outcome, double seconds)>;
    void setRunObserver(RunObserver observer) { m_runObserver = std::move(observer); }
    void start();
    void stop();

    // A job was queued by this instance: an idle worker looks now instead of at its next poll.
    void wake();
    // A job was cancelled through this instance: its worker stops at once (other instances
    // see the database flag at their next check, within a second).
    void noteCancelled(const QString &jobId);
    bool isCancelledHere(const QString &jobId) const;
    bool isStopping() const { return m_stopping.load(); }

private:
    void workerLoop(int index);
    void rescueIfDue();
    // Waits up to the idle poll interval or until woken/stopping.
    void idleWait();

    db::Database &m_database;
    market::MarketDataService *m_marketData;
    log::Logger &m_logger;
    JobOptions m_options;
    std::vector<std::thread> m_threads;
    std::atomic<bool> m_stopping {false};
    mutable std::mutex m_mutex;
    std::condition_variable m_wakeup;
    quint64 m_wakeups = 0;
    QSet<QString> m_cancelled;
    QHash<QString, KindRunner> m_runners;
    cache::CacheService *m_cache = nullptr;
    RunObserver m_runObserver;
    std::atomic<qint64> m_lastRescueMs {0};
};

} // namespace thetool::jobs
