#pragma once

#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "backend/ops/cleanupreport.h"

namespace thetool::db {
class Database;
}
namespace thetool::log {
class Logger;
}

namespace thetool::ops {

struct SchedulerOptions {
    int intervalSeconds = 3600; // CLEANUP_INTERVAL; 0: no periodic cleanup
    CleanupPolicy policy;
    QString instance; // "host:pid", the audit row's actor
};

// The periodic work of one server instance (DESIGN.md "Jobs", "Threads and connections"):
// one thread with its own database connection. It looks every few seconds (at most once a
// minute) whether a cleanup is due and runs it when no scheduled cleanup was recorded in
// admin_audit within the interval. On PostgreSQL the look and the run happen under an
// advisory lock, so several instances together clean up once per interval, not once each.
// (The stale-lease rescue stays with the job workers: it must run every 2 s.)
class Scheduler
{
public:
    Scheduler(db::Database &database, log::Logger &logger, SchedulerOptions options);
    ~Scheduler(); // stop()
    Scheduler(const Scheduler &) = delete;
    Scheduler &operator=(const Scheduler &) = delete;

    void start();
    void stop();

    static QString actorPrefix() { return QStringLiteral("scheduler:"); }

private:
    void loop();
    void tick();
    // Whether a scheduled cleanup was recorded within the interval (any instance's).
    bool ranRecently(bool *recent);

    db::Database &m_database;
    log::Logger &m_logger;
    const SchedulerOptions m_options;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_troubleLogged = false;
};

} // namespace thetool::ops
