#include "backend/server/eventroutes.h"

#include <QJsonArray>
#include <QLoggingCategory>

#include "backend/http/eventstream.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/repo/eventrepository.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/eventhub.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {
Q_LOGGING_CATEGORY(lcEventRoutes, "thetool.events")

constexpr int defaultPollLimit = 100;
constexpr int maxPollLimit = 1000;

// A cursor is an event id: a non-negative integer.
qint64 parseCursor(const QString &text, const QString &name)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < 0)
        throw http::ApiError(400, QStringLiteral("INVALID_CURSOR"),
            QStringLiteral("%1 must be an event id (a non-negative integer)").arg(name),
            {{QStringLiteral("parameter"), name}});
    return value;
}

int parseLimit(const http::HttpRequest &request)
{
    if (!request.hasQuery(QStringLiteral("limit")))
        return defaultPollLimit;
    bool ok = false;
    const int limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit < 1 || limit > maxPollLimit)
        throw http::ApiError(400, QStringLiteral("INVALID_LIMIT"),
            QStringLiteral("limit must be between 1 and %1").arg(maxPollLimit));
    return limit;
}

} // namespace

void addEventRoutes(http::Router &router, const ServerContext &context, EventHub &hub)
{
    EventHub *events = &hub;
    db::Database *database = &context.database;

    router.add("GET", QStringLiteral("/api/events"), [events, database](const http::HttpRequest &request) {
        // Last-Event-ID (a reconnecting EventSource) wins over ?after= (the first connect).
        std::optional<qint64> after;
        if (request.hasHeader("Last-Event-ID") && !request.header("Last-Event-ID").trimmed().isEmpty())
            after = parseCursor(
                QString::fromLatin1(request.header("Last-Event-ID")), QStringLiteral("Last-Event-ID"));
        else if (request.hasQuery(QStringLiteral("after")))
            after = parseCursor(request.queryValue(QStringLiteral("after")), QStringLiteral("after"));
        const QString jobId = request.queryValue(QStringLiteral("job_id"));
        if (!after && events->horizon() < 0) {
            // The hub has not polled yet: "from now" is the table's end as of this request.
            qint64 latest = 0;
            throwIfFailed(repo::EventRepository(*database).latestId(&latest));
            after = latest;
        }

        http::HttpResponse response;
        response.contentType = "text/event-stream; charset=utf-8";
        response.setHeader("X-Accel-Buffering", "no"); // proxies must not buffer a stream
        response.eventStream = events->subscribe(after, jobId);
        qCInfo(lcEventRoutes).noquote()
            << "event stream opened"
            << (after ? QStringLiteral("after %1").arg(*after) : QStringLiteral("from now"))
            << (jobId.isEmpty() ? QString() : QStringLiteral("job ") + jobId);
        return response;
    });

    router.add(
        "GET", QStringLiteral("/api/events/poll"), [events, database](const http::HttpRequest &request) {
            const qint64 after = request.hasQuery(QStringLiteral("after"))
                ? parseCursor(request.queryValue(QStringLiteral("after")), QStringLiteral("after"))
                : 0;
            const int limit = parseLimit(request);
            const QString jobId = request.queryValue(QStringLiteral("job_id"));
            // Only up to the hub's horizon: above it a lower id may still commit, and a cursor
            // must never pass an event that appears later.
            const qint64 horizon = events->horizon();
            QList<repo::JobEvent> rows;
            if (horizon > after)
                throwIfFailed(repo::EventRepository(*database).after(after, limit, &rows));
            QJsonArray items;
            qint64 next = after;
            bool reachedHorizon = rows.size() < limit;
            for (const repo::JobEvent &event : std::as_const(rows)) {
                if (event.id > horizon) {
                    reachedHorizon = true;
                    break;
                }
                next = event.id;
                if (jobId.isEmpty() || event.jobId == jobId)
                    items.append(EventHub::toJson(event));
            }
            if (reachedHorizon)
                next = qMax(next, horizon); // nothing else can appear up to the horizon
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("events"), items},
                {QStringLiteral("next_after"), next}, {QStringLiteral("has_more"), !reachedHorizon}});
        });
}

} // namespace thetool::server
