#include "backend/jobs/jobrun.h"

#include <QThread>

#include "backend/jobs/tickeranalysis.h"
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

JobRun::Outcome JobRun::execute()
{
    const QString &jobId = m_job.lease.jobId;
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

    const auto period = market::Period::parse(requestedPeriod(m_request));
    market::PriceStore store(m_context.database, m_context.marketData);
    const int tickerTimeoutMs = m_job.tickerTimeoutSeconds * 1000;
    for (qsizetype i = 0; i < m_job.tickers.size(); ++i) {
        const QString &ticker = m_job.tickers[i];
        if (stored.contains(ticker))
            continue;
        if (Stop stop = checkpoint(); stop != Stop::None)
            return stopWith(stop);
        m_queue.setCurrentTicker(m_job.lease, ticker); // display only: a failure is harmless
        QDeadlineTimer tickerDeadline(qMin<qint64>(tickerTimeoutMs, m_jobDeadline.remainingTime()));
        const market::PriceSeries series =
            store.series(ticker, period.value_or(market::Period {200, market::Period::Unit::Days}),
                m_request.useDemoData, tickerDeadline, [this] { return checkpoint() != Stop::None; });
        if (series.stopped)
            return stopWith(m_stop);
        repo::ResultRow row;
        QString reason;
        if (!series.ok() && tickerDeadline.hasExpired()) {
            if (m_jobDeadline.hasExpired())
                return stopWith(Stop::JobTimeout);
            reason = QStringLiteral("timeout");
            row = failedTicker(ticker, m_request,
                QStringLiteral("timeout: no result within TICKER_TIMEOUT (%1 s)")
                    .arg(m_job.tickerTimeoutSeconds));
        } else {
            row = analyzeTicker(ticker, m_request, series);
        }
        row.jobId = jobId;
        row.attempt = m_job.lease.attempt;
        if (row.status != QLatin1String("completed")) {
            QJsonObject error {
                {QStringLiteral("ticker"), ticker}, {QStringLiteral("error"), row.errorMessage}};
            if (!reason.isEmpty())
                error.insert(QStringLiteral("reason"), reason);
            m_errors.append(error);
        }
        ResultBatch batch;
        batch.rows = {row};
        batch.errors = m_errors;
        batch.currentTicker = i + 1 < m_job.tickers.size() ? m_job.tickers[i + 1] : QString();
        LeaseState state = LeaseState::Lost;
        db::DbError error;
        for (int attempt = 0; attempt < storeTries; ++attempt) {
            if (!(error = m_queue.store(m_job.lease, m_context.options.leaseSeconds, batch, &state)))
                break;
            QThread::msleep(300 * (attempt + 1));
        }
        if (error) {
            m_log.error(
                QStringLiteral("cannot store the result of %1: %2").arg(ticker, error.message), ticker);
            return stopWith(m_stop = Stop::LeaseLost);
        }
        if (state != LeaseState::Held)
            return stopWith(m_stop = state == LeaseState::Cancelled ? Stop::Cancelled : Stop::LeaseLost);
        m_sinceRenewal.restart();
        ++m_stored;
        m_log.line(row.status == QLatin1String("completed") ? log::Level::Info : log::Level::Warning,
            outcomeText(row) + QStringLiteral(" (%1/%2)").arg(m_stored).arg(m_job.total), ticker);
    }
    const int failed = int(m_errors.size());
    m_log.info(QStringLiteral("finished: %1/%2 successful").arg(m_job.total - failed).arg(m_job.total));
    return finish(QStringLiteral("completed"), QString());
}

} // namespace thetool::jobs
