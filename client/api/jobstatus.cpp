#include "client/api/jobstatus.h"

#include <QJsonDocument>

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<JobStatus> JobStatus::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("job status"));
    JobStatus s;
    s.jobId = r.requiredString(QStringLiteral("job_id"));
    s.status = r.requiredString(QStringLiteral("status"));
    s.progress = int(r.requiredInteger(QStringLiteral("progress")));
    s.completed = int(r.requiredInteger(QStringLiteral("completed")));
    s.total = int(r.requiredInteger(QStringLiteral("total")));
    s.successful = int(r.integer(QStringLiteral("successful")));
    const QJsonValue errors = object.value(QStringLiteral("errors"));
    s.errors =
        errors.isArray() ? errors.toArray() : QJsonDocument::fromJson(errors.toString().toUtf8()).array();
    s.createdAt = r.time(QStringLiteral("created_at"));
    s.updatedAt = r.time(QStringLiteral("updated_at"));
    s.startedAt = r.time(QStringLiteral("started_at"));
    s.completedAt = r.time(QStringLiteral("completed_at"));
    s.currentIndex = int(r.integer(QStringLiteral("current_index")));
    s.currentTicker = r.string(QStringLiteral("current_ticker"));
    s.message = r.string(QStringLiteral("message"));
    s.kind = r.string(QStringLiteral("kind"));
    s.attempt = int(r.integer(QStringLiteral("attempt")));
    s.correlationId = r.string(QStringLiteral("correlation_id"));
    s.error = r.string(QStringLiteral("error"));
    for (const QJsonValue &v : r.array(QStringLiteral("results"))) {
        JsonReader o(v.toObject(), QStringLiteral("result"));
        ResultSummary x;
        x.ticker = o.requiredString(QStringLiteral("ticker"));
        x.symbol = o.string(QStringLiteral("symbol"));
        x.verdict = o.string(QStringLiteral("verdict"));
        x.score = o.optionalNumber(QStringLiteral("score"));
        x.entry = o.optionalNumber(QStringLiteral("entry"));
        x.stopLoss = o.optionalNumber(QStringLiteral("stop_loss"));
        x.target = o.optionalNumber(QStringLiteral("target"));
        x.createdAt = o.time(QStringLiteral("created_at"));
        x.jobId = o.string(QStringLiteral("job_id"));
        x.status = o.string(QStringLiteral("status"));
        x.errorMessage = o.string(QStringLiteral("error_message"));
        x.dataSource = o.string(QStringLiteral("data_source"));
        x.isDemoData = o.boolean(QStringLiteral("is_demo_data"));
        if (!o.ok()) {
            r.fail(o.error());
            break;
        }
        s.results.append(x);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return s;
}

} // namespace thetool::client
