#include "backend/jobs/jobrun.h"

#include <QThread>

#include <atomic>
#include <thread>
#include <vector>

#include "backend/jobs/cachedanalysis.h"
#include "backend/jobs/tickeranalysis.h"
#include "backend/market/demodata.h"
#include "backend/market/period.h"
#include "backend/market/pricestore.h"

namespace thetool::jobs {

namespace {

constexpr qint64 cancelCheckMs = 1000; // how stale another instance's cancel may be
constexpr int storeTries = 3;

QString outcomeText(const repo::ResultRow &row)
{
    if (row.status == QLatin1String("completed"))
        return QStringLiteral("%1 completed - Score: %2, Verdict: %3")
            .arg(row.ticker)
            .arg(row.score)
            .arg(row.verdict);
    return QStringLiteral("%1 failed: %2").arg(row.ticker, row.errorMessage);
}

// Runs fn(i) for i in [0, count) on up to `threads` threads (the calling one included).
template<typename Fn> void parallelFor(qsizetype count, int threads, const Fn &fn)
{
    std::atomic<qsizetype> next {0};
    const auto work = [&] {
        for (qsizetype i = next++; i < count; i = next++)
            fn(i);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < qMin<qsizetype>(threads, count); ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &thread : pool)
        thread.join();
}

} // namespace

JobRun::JobRun(Context context, ClaimedJob job)
    : m_context(std::move(context))
    , m_job(std::move(job))
    , m_queue(m_context.database)
    , m_log(m_context.database, m_context.logger, m_job.lease.jobId, m_job.correlationId, m_job.lease.attempt)
    , m_jobDeadline(qMax<qint64>(0, qint64(m_job.jobTimeoutSeconds) * 1000 - m_job.elapsedMs))
{
    m_sinceRenewal.start();
    m_sinceCancelCheck.start();
}

JobRun::Stop JobRun::checkpoint(bool forceRenew)
{
    if (m_stop != Stop::None)
        return m_stop;
    if (m_context.cancelledHere(m_job.lease.jobId))
        return m_stop = Stop::Cancelled;
    if (m_context.stopping())
        return m_stop = Stop::Shutdown;
    if (m_jobDeadline.hasExpired())
        return m_stop = Stop::JobTimeout;
    const qint64 leaseMs = qint64(m_context.options.leaseSeconds) * 1000;
    if (!forceRenew && m_sinceRenewal.elapsed() < leaseMs / 3 && m_sinceCancelCheck.elapsed() < cancelCheckMs)
        return Stop::None;
    LeaseState state = LeaseState::Held;
    if (db::DbError e = m_queue.renew(m_job.lease, m_context.options.leaseSeconds, &state)) {
        // Past two thirds of the lease another worker may soon take the job: stop writing.
        if (m_sinceRenewal.elapsed() > leaseMs * 2 / 3)
            return m_stop = Stop::LeaseLost;
        m_sinceCancelCheck.restart();
        return Stop::None;
    }
    m_sinceCancelCheck.restart();
    if (state == LeaseState::Cancelled)
        return m_stop = Stop::Cancelled;
    if (state == LeaseState::Lost)
        return m_stop = Stop::LeaseLost;
    m_sinceRenewal.restart();
    return Stop::None;
}

JobRun::Outcome JobRun::finish(const QString &status, const QString &error)
{
    if (db::DbError e = m_queue.finish(m_job.lease, status, error, m_errors)) {
        // The lease lapses and the job is taken again; its stored results are kept.
        m_log.error(QStringLiteral("could not record the final status %1: %2").arg(status, e.message));
        return Outcome::LeaseLost;
    }
    return status == QLatin1String("completed") ? Outcome::Completed : Outcome::Failed;
}

JobRun::Outcome JobRun::stopWith(Stop reason)
{
    switch (reason) {
    case Stop::Cancelled:
        m_queue.confirmCancelled(m_job.lease);
        m_log.info(QStringLiteral("cancelled after %1 of %2 tickers").arg(m_stored).arg(m_job.total));
        return Outcome::Cancelled;
    case Stop::LeaseLost:
        m_log.warning(QStringLiteral("lease lost: this worker stopped without writing more"));
        return Outcome::LeaseLost;
    case Stop::JobTimeout:
        m_log.error(
            QStringLiteral("JOB_TIMEOUT of %1 s exceeded: the job failed").arg(m_job.jobTimeoutSeconds));
        return finish(QStringLiteral("failed"), QStringLiteral("timeout"));
    case Stop::Shutdown:
        if (db::DbError e = m_queue.release(m_job.lease))
            m_log.warning(QStringLiteral("shutting down; the lease will lapse (%1)").arg(e.message));
        else
            m_log.info(QStringLiteral("shutting down: the job goes back to the queue"));
        return Outcome::Stopped;
    case Stop::None:
        break;
    }
    return Outcome::Stopped;
}

bool JobRun::storeRows(const QList<repo::ResultRow> &rows, const QString &nextTicker, Outcome *stopOutcome)
{
    for (const repo::ResultRow &row : rows) {
        if (row.status != QLatin1String("completed")) {
            QJsonObject error {
                {QStringLiteral("ticker"), row.ticker}, {QStringLiteral("error"), row.errorMessage}};
            if (row.errorMessage.startsWith(QLatin1String("timeout")))
                error.insert(QStringLiteral("reason"), QStringLiteral("timeout"));
            m_errors.append(error);
        }
    }
    ResultBatch batch;
    batch.rows = rows;
    batch.errors = m_errors;
    batch.currentTicker = nextTicker;
    LeaseState state = LeaseState::Lost;
    db::DbError error;
    for (int attempt = 0; attempt < storeTries; ++attempt) {
        if (!(error = m_queue.store(m_job.lease, m_context.options.leaseSeconds, batch, &state)))
            break;
        QThread::msleep(300 * (attempt + 1));
    }
    if (error) {
        m_log.error(QStringLiteral("cannot store %1 result(s): %2").arg(rows.size()).arg(error.message));
        *stopOutcome = stopWith(m_stop = Stop::LeaseLost);
        return false;
    }
    if (state != LeaseState::Held) {
        *stopOutcome = stopWith(m_stop = state == LeaseState::Cancelled ? Stop::Cancelled : Stop::LeaseLost);
        return false;
    }
    m_sinceRenewal.restart();
    return true;
}

JobRun::Outcome JobRun::executeBulk(const QStringList &remaining, const market::Period &period)
{
    constexpr qsizetype chunkSize = 100;
    const int threads = qBound(1,
        qMin(m_context.options.maxBulkWorkers, m_job.config.value(QStringLiteral("max_workers")).toInt(64)),
        64);
    market::PriceStore store(m_context.database, m_context.marketData);
    store.setCache(m_context.cache);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int tickerTimeoutMs = m_job.tickerTimeoutSeconds * 1000;
    for (qsizetype offset = 0; offset < remaining.size(); offset += chunkSize) {
        if (Stop stop = checkpoint(); stop != Stop::None)
            return stopWith(stop);
        const QStringList chunk = remaining.mid(offset, chunkSize);
        std::vector<market::PriceSeries> series(size_t(chunk.size()));
        if (!m_request.useDemoData) {
            // Stored or fetched bars need this thread's connection: fetched here, in order.
            for (qsizetype i = 0; i < chunk.size(); ++i) {
                QDeadlineTimer deadline(qMin<qint64>(tickerTimeoutMs, m_jobDeadline.remainingTime()));
                series[size_t(i)] = store.series(
                    chunk[i], period, false, deadline, [this] { return checkpoint() != Stop::None; });
                if (series[size_t(i)].stopped)
                    return stopWith(m_stop);
                if (!series[size_t(i)].ok() && deadline.hasExpired()) {
                    if (m_jobDeadline.hasExpired())
                        return stopWith(Stop::JobTimeout);
                    series[size_t(i)].error =
                        QStringLiteral("timeout: no result within TICKER_TIMEOUT (%1 s)")
                            .arg(m_job.tickerTimeoutSeconds);
                }
            }
        }
        // The CPU part on the job's own threads (no database or cache access there); cache
        // lookups and stores stay on this thread, which owns the Redis connection.
        if (m_request.useDemoData) {
            parallelFor(chunk.size(), threads, [&](qsizetype i) {
                market::PriceSeries &s = series[size_t(i)];
                s.bars = market::generateDemoBars(chunk[i], period, now);
                s.dataSource = QStringLiteral("demo");
                s.isDemo = true;
            });
        }
        const CachedAnalysis cached(m_context.cache);
        std::vector<repo::ResultRow> rows(size_t(chunk.size()));
        std::vector<qsizetype> misses;
        for (qsizetype i = 0; i < chunk.size(); ++i) {
            if (std::optional<repo::ResultRow> hit = cached.lookup(chunk[i], m_request, series[size_t(i)]))
                rows[size_t(i)] = std::move(*hit);
            else
                misses.push_back(i);
        }
        parallelFor(qsizetype(misses.size()), threads, [&](qsizetype m) {
            const qsizetype i = misses[size_t(m)];
            rows[size_t(i)] = analyzeTicker(chunk[i], m_request, series[size_t(i)]);
        });
        for (const qsizetype i : misses)
            cached.store(chunk[i], m_request, series[size_t(i)], rows[size_t(i)]);
        QList<repo::ResultRow> batch;
        for (repo::ResultRow &row : rows) {
            row.jobId = m_job.lease.jobId;
            row.attempt = m_job.lease.attempt;
            batch.append(std::move(row));
        }
        Outcome stopped = Outcome::Stopped;
        const qsizetype done = offset + chunk.size();
        if (!storeRows(batch, done < remaining.size() ? remaining[done] : QString(), &stopped))
            return stopped;
        m_stored += int(chunk.size());
        m_log.info(QStringLiteral("Progress: %1/%2 (%3%) | errors so far: %4")
                       .arg(m_stored)
                       .arg(m_job.total)
                       .arg(m_job.total ? m_stored * 100 / m_job.total : 100)
                       .arg(m_errors.size()));
    }
    m_log.info(QStringLiteral("finished: %1/%2 successful")
                   .arg(m_job.total - int(m_errors.size()))
                   .arg(m_job.total));
    return finish(QStringLiteral("completed"), QString());
}

JobRun::Outcome JobRun::execute()
{
    const QString &jobId = m_job.lease.jobId;
    if (m_context.runners && m_context.runners->contains(m_job.kind)) {
        if (Stop stop = checkpoint(); stop != Stop::None)
            return stopWith(stop);
        m_log.info(QStringLiteral("started (%1)").arg(m_job.kind));
        const KindResult result = m_context.runners->value(m_job.kind)(m_job.config);
        if (Stop stop = checkpoint(true); stop != Stop::None)
            return stopWith(stop);
        if (result.ok)
            m_log.info(QStringLiteral("finished"));
        else
            m_log.error(QStringLiteral("failed: ") + result.error);
        if (db::DbError e = m_queue.finish(m_job.lease,
                result.ok ? QStringLiteral("completed") : QStringLiteral("failed"), result.error, m_errors,
                result.result)) {
            m_log.error(QStringLiteral("could not record the result: ") + e.message);
            return Outcome::LeaseLost;
        }
        return result.ok ? Outcome::Completed : Outcome::Failed;
    }
    if (!analyzeRequestFromJobConfig(m_job.config, m_job.tickers, &m_request) || m_job.tickers.isEmpty()) {
        m_log.error(QStringLiteral("the job's config cannot be read"));
        return finish(QStringLiteral("failed"), QStringLiteral("unreadable job config"));
    }
    QStringList stored;
    if (db::DbError e = m_queue.storedResults(jobId, &stored, &m_errors)) {
        m_log.warning(
            QStringLiteral("cannot read stored results (%1); the job will be retried").arg(e.message));
        return Outcome::LeaseLost;
    }
    m_stored = int(stored.size());
    if (m_job.lease.attempt == 1 && stored.isEmpty())
        m_log.info(
            QStringLiteral("started: %1 tickers, strategy %2").arg(m_job.total).arg(m_request.strategyId));
    else
        m_log.info(QStringLiteral("attempt %1 resumes: %2 of %3 tickers already stored")
                       .arg(m_job.lease.attempt)
                       .arg(stored.size())
                       .arg(m_job.total));

    const market::Period period = market::Period::parse(requestedPeriod(m_request))
                                      .value_or(market::Period {200, market::Period::Unit::Days});
    if (m_job.kind == QLatin1String("bulk_analysis")) {
        QStringList remaining;
        for (const QString &ticker : m_job.tickers) {
            if (!stored.contains(ticker))
                remaining.append(ticker);
        }
        return executeBulk(remaining, period);
    }
    market::PriceStore store(m_context.database, m_context.marketData);
    store.setCache(m_context.cache);
    const int tickerTimeoutMs = m_job.tickerTimeoutSeconds * 1000;
    for (qsizetype i = 0; i < m_job.tickers.size(); ++i) {
        const QString &ticker = m_job.tickers[i];
        if (stored.contains(ticker))
            continue;
        if (Stop stop = checkpoint(); stop != Stop::None)
            return stopWith(stop);
        m_queue.setCurrentTicker(m_job.lease, ticker); // display only: a failure is harmless
        QDeadlineTimer tickerDeadline(qMin<qint64>(tickerTimeoutMs, m_jobDeadline.remainingTime()));
        const market::PriceSeries series = store.series(ticker, period, m_request.useDemoData, tickerDeadline,
            [this] { return checkpoint() != Stop::None; });
        if (series.stopped)
            return stopWith(m_stop);
        repo::ResultRow row;
        if (!series.ok() && tickerDeadline.hasExpired()) {
            if (m_jobDeadline.hasExpired())
                return stopWith(Stop::JobTimeout);
            row = failedTicker(ticker, m_request,
                QStringLiteral("timeout: no result within TICKER_TIMEOUT (%1 s)")
                    .arg(m_job.tickerTimeoutSeconds));
        } else {
            row = CachedAnalysis(m_context.cache).analyze(ticker, m_request, series);
        }
        row.jobId = jobId;
        row.attempt = m_job.lease.attempt;
        Outcome stopped = Outcome::Stopped;
        if (!storeRows({row}, i + 1 < m_job.tickers.size() ? m_job.tickers[i + 1] : QString(), &stopped))
            return stopped;
        ++m_stored;
        m_log.line(row.status == QLatin1String("completed") ? log::Level::Info : log::Level::Warning,
            outcomeText(row) + QStringLiteral(" (%1/%2)").arg(m_stored).arg(m_job.total), ticker);
    }
    const int failed = int(m_errors.size());
    m_log.info(QStringLiteral("finished: %1/%2 successful").arg(m_job.total - failed).arg(m_job.total));
    return finish(QStringLiteral("completed"), QString());
}

} // namespace thetool::jobs
