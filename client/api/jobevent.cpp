#include "client/api/jobevent.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<JobEvent> JobEvent::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("event"));
    JobEvent e;
    e.id = r.requiredInteger(QStringLiteral("id"));
    e.type = r.requiredString(QStringLiteral("type"));
    e.jobId = r.string(QStringLiteral("job_id"));
    e.createdAt = r.time(QStringLiteral("created_at"));
    e.data = r.object(QStringLiteral("data"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return e;
}

std::optional<EventPage> EventPage::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("event page"));
    EventPage page;
    page.nextAfter = r.requiredInteger(QStringLiteral("next_after"));
    page.hasMore = r.boolean(QStringLiteral("has_more"));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("events"))) {
        QString why;
        const auto event = JobEvent::fromJson(v.toObject(), &why);
        if (!event) {
            r.fail(why);
            break;
        }
        page.events.append(*event);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return page;
}

} // namespace thetool::client
