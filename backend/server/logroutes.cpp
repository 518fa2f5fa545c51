#include "backend/server/logroutes.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include "backend/http/apierror.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/log/logger.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

constexpr int defaultLimit = 200;
constexpr int maxLimit = 1000;
// At most one ring's worth is scanned per request (the ring holds 5000 by default).
constexpr int scanLimit = 100000;

// Sequence numbers restart with the process and the pid may repeat (pid 1 in a container):
// a random boot tag tells two runs of one instance apart.
QString bootTag()
{
    return QString::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, QLatin1Char('0'));
}

QString cursorText(const QString &source, qint64 seq)
{
    return source + QLatin1Char(':') + QString::number(seq);
}

qint64 parseAfter(const QString &text, const QString &source)
{
    if (text.isEmpty())
        return 0;
    const qsizetype mark = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const qint64 seq = mark > 0 ? text.mid(mark + 1).toLongLong(&ok) : 0;
    if (!ok || seq < 0)
        throw http::ApiError(400, QStringLiteral("INVALID_CURSOR"),
            QStringLiteral("after must be a cursor returned by this route (\"<instance>:<seq>\")"));
    if (text.left(mark) != source)
        throw http::ApiError(400, QStringLiteral("FOREIGN_CURSOR"),
            QStringLiteral("This cursor belongs to another server instance (or an earlier run of this one); "
                           "start again without 'after'"),
            {{QStringLiteral("instance"), source}});
    return seq;
}

} // namespace

void addLogRoutes(http::Router &router, const ServerContext &context)
{
    log::Logger *logger = &context.logger;
    const QString source = context.instance + QLatin1Char('/') + bootTag();

    router.add("GET", QStringLiteral("/api/logs"), [logger, source](const http::HttpRequest &request) {
        const qint64 after = parseAfter(request.queryValue(QStringLiteral("after")), source);
        log::Level minimum = log::Level::Debug;
        if (request.hasQuery(QStringLiteral("level"))
            && !log::parseLevel(request.queryValue(QStringLiteral("level")), &minimum))
            throw http::ApiError(400, QStringLiteral("INVALID_LEVEL"),
                QStringLiteral("level must be one of debug, info, warning, error"));
        int limit = defaultLimit;
        if (request.hasQuery(QStringLiteral("limit"))) {
            bool ok = false;
            limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
            if (!ok || limit < 1 || limit > maxLimit)
                throw http::ApiError(400, QStringLiteral("INVALID_LIMIT"),
                    QStringLiteral("limit must be between 1 and %1").arg(maxLimit));
        }
        const QString correlationId = request.queryValue(QStringLiteral("correlation_id"));

        // Every record up to `last` is in the ring already (ids are given under its lock).
        const qint64 last = logger->lastId();
        const QList<log::LogRecord> scanned = logger->recordsAfter(after, scanLimit, minimum);
        QJsonArray records;
        qint64 next = after;
        bool full = false;
        for (const log::LogRecord &record : scanned) {
            if (record.id > last)
                break;
            if (records.size() >= limit) {
                full = true;
                break;
            }
            next = record.id;
            if (!correlationId.isEmpty() && record.correlationId != correlationId)
                continue;
            QJsonObject object = log::toJson(record);
            object.insert(QStringLiteral("cursor"), cursorText(source, record.id));
            records.append(object);
        }
        if (!full)
            next = qMax(next, last);
        return http::HttpResponse::json(QJsonObject {{QStringLiteral("instance"), source},
            {QStringLiteral("records"), records}, {QStringLiteral("next_after"), cursorText(source, next)},
            {QStringLiteral("has_more"), full}, {QStringLiteral("dropped"), qint64(logger->droppedCount())}});
    });
}

} // namespace thetool::server
