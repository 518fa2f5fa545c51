#include "client/api/jobsummary.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<JobSummary> JobSummary::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("job"));
    JobSummary j;
    j.jobId = r.requiredString(QStringLiteral("job_id"));
    j.kind = r.requiredString(QStringLiteral("kind"));
    j.status = r.requiredString(QStringLiteral("status"));
    j.total = int(r.requiredInteger(QStringLiteral("total")));
    j.completed = int(r.requiredInteger(QStringLiteral("completed")));
    j.successful = int(r.integer(QStringLiteral("successful")));
    j.progress = int(r.requiredInteger(QStringLiteral("progress")));
    j.strategyId = int(r.integer(QStringLiteral("strategy_id")));
    j.tickers = r.stringList(QStringLiteral("tickers"));
    j.tickerCount = int(r.integer(QStringLiteral("ticker_count"), j.tickers.size()));
    j.correlationId = r.string(QStringLiteral("correlation_id"));
    j.attempt = int(r.integer(QStringLiteral("attempt")));
    j.error = r.string(QStringLiteral("error"));
    j.currentTicker = r.string(QStringLiteral("current_ticker"));
    j.createdAt = r.time(QStringLiteral("created_at"));
    j.startedAt = r.time(QStringLiteral("started_at"));
    j.completedAt = r.time(QStringLiteral("completed_at"));
    j.updatedAt = r.time(QStringLiteral("updated_at"));
    j.retryOf = r.string(QStringLiteral("retry_of"));
    j.durationSeconds = r.optionalNumber(QStringLiteral("duration_seconds"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return j;
}

} // namespace thetool::client
