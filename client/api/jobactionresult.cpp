#include "client/api/jobactionresult.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<JobActionResult> JobActionResult::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("job action"));
    JobActionResult a;
    a.jobId = r.requiredString(QStringLiteral("job_id"));
    a.status = r.requiredString(QStringLiteral("status"));
    a.previousStatus = r.string(QStringLiteral("previous_status"));
    a.retryOf = r.string(QStringLiteral("retry_of"));
    a.correlationId = r.string(QStringLiteral("correlation_id"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return a;
}

} // namespace thetool::client
