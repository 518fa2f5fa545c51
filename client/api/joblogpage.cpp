#include "client/api/joblogpage.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<JobLogPage> JobLogPage::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("job log"));
    JobLogPage page;
    page.jobId = r.requiredString(QStringLiteral("job_id"));
    page.nextAfter = r.requiredInteger(QStringLiteral("next_after"));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("lines"))) {
        JsonReader l(v.toObject(), QStringLiteral("job log line"));
        JobLogLine line;
        line.id = l.requiredInteger(QStringLiteral("id"));
        line.time = l.time(QStringLiteral("time"));
        line.level = l.string(QStringLiteral("level"));
        line.message = l.requiredString(QStringLiteral("message"));
        line.ticker = l.string(QStringLiteral("ticker"));
        line.attempt = int(l.integer(QStringLiteral("attempt")));
        line.correlationId = l.string(QStringLiteral("correlation_id"));
        if (!l.ok()) {
            r.fail(l.error());
            break;
        }
        page.lines.append(line);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return page;
}

} // namespace thetool::client
