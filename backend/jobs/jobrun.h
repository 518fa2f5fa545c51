#pragma once

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QString>

#include <functional>

#include "backend/jobs/analyzerequest.h"
#include "backend/jobs/joblogger.h"
#include "backend/jobs/joboptions.h"
#include "backend/jobs/jobqueue.h"
#include "backend/jobs/kindrunner.h"
#include "backend/market/period.h"

namespace thetool::cache {
class Cache;
}
namespace thetool::market {
class MarketDataService;
}

namespace thetool::jobs {

// One claimed analysis job, run on its worker's thread and connection: tickers in order,
// skipping those an earlier attempt stored; a fenced write after each; the lease renewed
// and the cancel flag checked between tickers and while a fetch is in flight.
class JobRun
{
public:
    enum class Outcome { Completed, Failed, Cancelled, LeaseLost, Stopped };

    struct Context {
        db::Database &database;
        market::MarketDataService *marketData;
        log::Logger &logger;
        const JobOptions &options;
        std::function<bool(const QString &jobId)> cancelledHere;
        std::function<bool()> stopping; // the instance is shutting down
        const QHash<QString, KindRunner> *runners = nullptr; // kinds other than analysis
        cache::Cache *cache = nullptr; // analysis results and provider responses; null: none
    };

    JobRun(Context context, ClaimedJob job);
    Outcome execute();

private:
    enum class Stop { None, Cancelled, LeaseLost, JobTimeout, Shutdown };

    // Between steps: local cancel, shutdown, job deadline; the lease renewed (and the
    // database's cancel flag read) when due. Returns the reason to stop, if any.
    Stop checkpoint(bool forceRenew = false);
    Outcome stopWith(Stop reason);
    Outcome finish(const QString &status, const QString &error);
    // Bulk jobs: chunks of tickers, bars fetched on this thread (its connection), analysed on
    // the job's own threads, each chunk stored in one fenced batch.
    Outcome executeBulk(const QStringList &remaining, const market::Period &period);
    // Stores rows (retrying a transient error); false when the job must stop.
    bool storeRows(const QList<repo::ResultRow> &rows, const QString &nextTicker, Outcome *stopOutcome);

    Context m_context;
    ClaimedJob m_job;
    JobQueue m_queue;
    JobLogger m_log;
    AnalyzeRequest m_request;
    QDeadlineTimer m_jobDeadline;
    QElapsedTimer m_sinceRenewal;
    QElapsedTimer m_sinceCancelCheck;
    Stop m_stop = Stop::None;
    QJsonArray m_errors;
    int m_stored = 0;
};

} // namespace thetool::jobs
