#include "client/api/jobdetail.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<JobDetail> JobDetail::fromJson(const QJsonObject &object, QString *error)
{
    const auto summary = JobSummary::fromJson(object, error);
    if (!summary)
        return std::nullopt;
    JsonReader r(object, QStringLiteral("job detail"));
    JobDetail d;
    static_cast<JobSummary &>(d) = *summary;
    d.config = r.object(QStringLiteral("config"));
    d.errors = r.array(QStringLiteral("errors"));
    d.maxAttempts = int(r.integer(QStringLiteral("max_attempts")));
    d.leaseOwner = r.string(QStringLiteral("lease_owner"));
    d.leaseUntil = r.time(QStringLiteral("lease_until"));
    d.heartbeatAt = r.time(QStringLiteral("heartbeat_at"));
    d.heartbeatAgeSeconds = r.optionalNumber(QStringLiteral("heartbeat_age_seconds"));
    d.cancelRequested = r.boolean(QStringLiteral("cancel_requested"));
    d.tickerTimeoutSeconds = int(r.integer(QStringLiteral("ticker_timeout_seconds")));
    d.jobTimeoutSeconds = int(r.integer(QStringLiteral("job_timeout_seconds")));
    d.result = r.object(QStringLiteral("result"));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("outcomes"))) {
        JsonReader o(v.toObject(), QStringLiteral("job outcome"));
        JobOutcome outcome;
        outcome.ticker = o.requiredString(QStringLiteral("ticker"));
        outcome.status = o.string(QStringLiteral("status"));
        outcome.verdict = o.string(QStringLiteral("verdict"));
        outcome.score = o.optionalNumber(QStringLiteral("score"));
        outcome.error = o.string(QStringLiteral("error"));
        outcome.attempt = int(o.integer(QStringLiteral("attempt")));
        outcome.dataSource = o.string(QStringLiteral("data_source"));
        outcome.resultId = o.integer(QStringLiteral("result_id"));
        outcome.createdAt = o.time(QStringLiteral("created_at"));
        if (!o.ok()) {
            r.fail(o.error());
            break;
        }
        d.outcomes.append(outcome);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return d;
}

} // namespace thetool::client
