#include "backend/ops/scheduler.h"

#include <QJsonObject>
#include <QSqlQuery>

#include <algorithm>
#include <chrono>

#include "backend/db/database.h"
#include "backend/log/logger.h"
#include "backend/log/logmessage.h"
#include "backend/ops/cleanup.h"
#include "backend/repo/sqlsupport.h"

namespace thetool::ops {

namespace {

void logLine(log::Logger &logger, log::Level level, const QString &message, const QJsonObject &fields = {})
{
    log::logMessage(logger, QStringLiteral("thetool.scheduler"), level, message, fields);
}

} // namespace

Scheduler::Scheduler(db::Database &database, log::Logger &logger, SchedulerOptions options)
    : m_database(database)
    , m_logger(logger)
    , m_options(std::move(options))
{ }

Scheduler::~Scheduler()
{
    stop();
}

void Scheduler::start()
{
    if (m_options.intervalSeconds <= 0 || m_thread.joinable())
        return;
    m_stopping = false;
    m_thread = std::thread([this] { loop(); });
}

void Scheduler::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void Scheduler::loop()
{
    // Often enough that the cluster runs close to once per interval whatever the phase of
    // each instance's timer; rarely enough to cost nothing (one indexed read per look).
    const auto look = std::chrono::seconds(std::clamp(m_options.intervalSeconds / 4, 1, 60));
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            if (m_wake.wait_for(lock, look, [this] { return m_stopping; }))
                break;
        }
        tick();
    }
    m_database.releaseThreadConnection();
}

bool Scheduler::ranRecently(bool *recent)
{
    const bool pg = m_database.dialect() == db::Dialect::Postgres;
    const QString since = pg ? QStringLiteral("now() - make_interval(secs => ?)")
                             : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)");
    const QVariant bind = pg ? QVariant(m_options.intervalSeconds)
                             : QVariant(QStringLiteral("-%1 seconds").arg(m_options.intervalSeconds));
    *recent = true;
    const db::DbError e = repo::runBound(
        m_database,
        QStringLiteral("SELECT COUNT(*) FROM admin_audit WHERE action = 'db.cleanup' AND actor LIKE ? "
                       "AND created_at > ")
            + since,
        {QString(actorPrefix() + QLatin1Char('%')), bind},
        [recent](const QSqlQuery &row) { *recent = row.value(0).toLongLong() > 0; },
        db::Database::Retry::Idempotent);
    return !e;
}

void Scheduler::tick()
{
    Cleanup cleanup(m_database, m_options.policy);
    bool acquired = false;
    if (db::DbError e = cleanup.tryLock(&acquired); e || !acquired) {
        if (e && !m_troubleLogged) // once per outage
            logLine(m_logger, log::Level::Warning, QStringLiteral("scheduler: %1").arg(e.message));
        m_troubleLogged = m_troubleLogged || e;
        return; // another instance holds the lock: it runs the cleanup
    }
    bool recent = true;
    if (!ranRecently(&recent) || recent) {
        cleanup.unlock();
        return;
    }
    CleanupReport report;
    db::DbError e = cleanup.run(&report);
    if (!e)
        e = recordCleanupAudit(m_database, report, actorPrefix() + m_options.instance);
    cleanup.unlock();
    if (e) {
        logLine(m_logger, log::Level::Warning, QStringLiteral("scheduled cleanup failed: %1").arg(e.message));
        return;
    }
    m_troubleLogged = false;
    logLine(m_logger, log::Level::Info,
        QStringLiteral("scheduled cleanup: %1 rows deleted in %2 ms")
            .arg(report.total())
            .arg(report.durationMs),
        {{QStringLiteral("event"), QStringLiteral("cleanup")}, {QStringLiteral("cleanup"), report.toJson()}});
}

} // namespace thetool::ops
