#include "backend/jobs/jobservice.h"

#include <QDateTime>

#include "backend/cache/cacheservice.h"
#include "backend/db/database.h"
#include "backend/jobs/joblogger.h"
#include "backend/jobs/jobqueue.h"
#include "backend/jobs/jobrun.h"
#include "backend/log/logger.h"
#include "backend/log/logmessage.h"

namespace thetool::jobs {

namespace {

constexpr qint64 rescueIntervalMs = 2000; // per instance, whichever worker is free first
constexpr qint64 idleHeartbeatMs = 5000;

void logLine(log::Logger &logger, log::Level level, const QString &message, const QJsonObject &fields = {})
{
    log::logMessage(logger, QStringLiteral("thetool.jobs"), level, message, fields);
}

QString outcomeName(JobRun::Outcome outcome)
{
    switch (outcome) {
    case JobRun::Outcome::Completed:
        return QStringLiteral("completed");
    case JobRun::Outcome::Failed:
        return QStringLiteral("failed");
    case JobRun::Outcome::Cancelled:
        return QStringLiteral("cancelled");
    case JobRun::Outcome::LeaseLost:
        return QStringLiteral("lease_lost");
    case JobRun::Outcome::Stopped:
        return QStringLiteral("stopped");
    }
    return QStringLiteral("unknown");
}

} // namespace

JobService::JobService(
    db::Database &database, market::MarketDataService *marketData, log::Logger &logger, JobOptions options)
    : m_database(database)
    , m_marketData(marketData)
    , m_logger(logger)
    , m_options(std::move(options))
{ }

JobService::~JobService()
{
    stop();
}

void JobService::start()
{
    m_stopping = false;
    for (int i = 0; i < m_options.workers; ++i)
        m_threads.emplace_back([this, i] { workerLoop(i); });
}

void JobService::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wakeup.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
    m_threads.clear();
}

void JobService::wake()
{
    {
        std::lock_guard lock(m_mutex);
        ++m_wakeups;
    }
    m_wakeup.notify_one();
}

void JobService::noteCancelled(const QString &jobId)
{
    std::lock_guard lock(m_mutex);
    m_cancelled.insert(jobId);
}

bool JobService::isCancelledHere(const QString &jobId) const
{
    std::lock_guard lock(m_mutex);
    return m_cancelled.contains(jobId);
}

void JobService::idleWait()
{
    std::unique_lock lock(m_mutex);
    const quint64 seen = m_wakeups;
    m_wakeup.wait_for(lock, std::chrono::milliseconds(m_options.idlePollMs),
        [&] { return m_stopping.load() || m_wakeups != seen; });
}

void JobService::rescueIfDue()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 last = m_lastRescueMs.load();
    if (now - last < rescueIntervalMs || !m_lastRescueMs.compare_exchange_strong(last, now))
        return;
    QList<JobQueue::Rescued> requeued;
    QList<JobQueue::Rescued> failed;
    if (db::DbError e = JobQueue(m_database).rescueStale(&requeued, &failed))
        return; // the claim that follows reports the database's trouble
    // In the job's own log too: an operator reading a job sees why it ran again.
    for (const JobQueue::Rescued &job : requeued)
        JobLogger(m_database, m_logger, job.jobId, job.correlationId, job.attempt)
            .warning(QStringLiteral("worker %1 stopped renewing its lease; queued again for attempt %2")
                         .arg(job.leaseOwner)
                         .arg(job.attempt + 1));
    for (const JobQueue::Rescued &job : failed)
        JobLogger(m_database, m_logger, job.jobId, job.correlationId, job.attempt)
            .error(QStringLiteral(
                "worker %1 stopped renewing its lease on the last attempt (%2); the job failed")
                       .arg(job.leaseOwner)
                       .arg(job.attempt));
}

void JobService::workerLoop(int index)
{
    const QString workerId = m_options.instance + QStringLiteral("/w") + QString::number(index + 1);
    JobQueue queue(m_database);
    QElapsedTimer sinceHeartbeat;
    bool databaseTrouble = false;
    const JobRun::Context context {m_database, m_marketData, m_logger, m_options,
        [this](const QString &jobId) { return isCancelledHere(jobId); }, [this] { return isStopping(); },
        &m_runners, m_cache ? m_cache->cache() : nullptr};
    while (!m_stopping) {
        if (!sinceHeartbeat.isValid() || sinceHeartbeat.elapsed() > idleHeartbeatMs) {
            queue.heartbeatWorker(workerId, m_options.instance, QStringLiteral("idle"), {});
            sinceHeartbeat.start();
        }
        rescueIfDue();
        std::optional<ClaimedJob> job;
        if (db::DbError e = queue.claim(workerId, m_options.leaseSeconds, &job)) {
            if (!databaseTrouble) // once per outage, not once per poll
                logLine(m_logger, log::Level::Warning,
                    QStringLiteral("worker %1 cannot claim jobs: %2").arg(workerId, e.message));
            databaseTrouble = true;
            idleWait();
            continue;
        }
        databaseTrouble = false;
        if (!job) {
            idleWait();
            continue;
        }
        queue.heartbeatWorker(workerId, m_options.instance, QStringLiteral("busy"), job->lease.jobId);
        const QString jobId = job->lease.jobId;
        {
            log::LogContextScope scope(QString(), job->correlationId, jobId);
            const QString kind = job->kind;
            QElapsedTimer ran;
            ran.start();
            const JobRun::Outcome outcome = JobRun(context, std::move(*job)).execute();
            if (m_runObserver)
                m_runObserver(kind, outcomeName(outcome), static_cast<double>(ran.nsecsElapsed()) / 1e9);
        }
        {
            std::lock_guard lock(m_mutex);
            m_cancelled.remove(jobId);
        }
        queue.heartbeatWorker(workerId, m_options.instance, QStringLiteral("idle"), {});
        sinceHeartbeat.start();
    }
    queue.removeWorker(workerId);
    m_database.releaseThreadConnection();
    if (m_cache)
        m_cache->releaseThreadConnection();
}

} // namespace thetool::jobs
