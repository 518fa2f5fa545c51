#include "client/api/serverlogpage.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

QUrlQuery LogQuery::toQuery() const
{
    QUrlQuery q;
    if (!after.isEmpty())
        q.addQueryItem(QStringLiteral("after"), after);
    if (!level.isEmpty())
        q.addQueryItem(QStringLiteral("level"), level);
    if (!correlationId.isEmpty())
        q.addQueryItem(QStringLiteral("correlation_id"), correlationId);
    if (limit > 0)
        q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    return q;
}

std::optional<ServerLogPage> ServerLogPage::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("server log"));
    ServerLogPage page;
    page.instance = r.requiredString(QStringLiteral("instance"));
    page.nextAfter = r.string(QStringLiteral("next_after"));
    page.hasMore = r.boolean(QStringLiteral("has_more"));
    page.dropped = r.integer(QStringLiteral("dropped"));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("records"))) {
        const QJsonObject o = v.toObject();
        JsonReader l(o, QStringLiteral("log record"));
        LogLine line;
        line.id = l.requiredInteger(QStringLiteral("id"));
        line.cursor = l.requiredString(QStringLiteral("cursor"));
        line.timestamp = l.time(QStringLiteral("timestamp"));
        line.level = l.requiredString(QStringLiteral("level"));
        line.logger = l.string(QStringLiteral("logger"));
        line.message = l.requiredString(QStringLiteral("message"));
        line.requestId = l.string(QStringLiteral("request_id"));
        line.correlationId = l.string(QStringLiteral("correlation_id"));
        line.jobId = l.string(QStringLiteral("job_id"));
        line.fields = o;
        if (!l.ok()) {
            r.fail(l.error());
            break;
        }
        page.records.append(line);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return page;
}

} // namespace thetool::client
