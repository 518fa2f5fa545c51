#include "backend/server/jobroutes.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

#include "backend/http/apierror.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/jobs/jobqueue.h"
#include "backend/jobs/jobservice.h"
#include "backend/repo/joblogrepository.h"
#include "backend/repo/resultrepository.h"
#include "backend/repo/sqlsupport.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/jobcontrol.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

constexpr qint64 workerAliveSeconds = 30; // an idle worker beats every 5 s

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue ageSeconds(const QString &iso)
{
    if (iso.isEmpty())
        return QJsonValue();
    const QDateTime then = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return then.isValid()
        ? QJsonValue(qMax<qint64>(0, then.msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0)
        : QJsonValue();
}

http::ApiError badRequest(const QString &message)
{
    return http::ApiError(400, QStringLiteral("VALIDATION_ERROR"), message);
}

QJsonObject jobSummary(const repo::JobRow &job)
{
    const QJsonObject config = QJsonDocument::fromJson(job.configJson.toUtf8()).object();
    const QJsonArray tickers = config.value(QStringLiteral("tickers")).toArray();
    QJsonObject o {{QStringLiteral("job_id"), job.jobId}, {QStringLiteral("kind"), job.kind},
        {QStringLiteral("status"), job.status}, {QStringLiteral("total"), job.total},
        {QStringLiteral("completed"), job.completed}, {QStringLiteral("successful"), job.successful},
        {QStringLiteral("progress"), job.progress}, {QStringLiteral("strategy_id"), job.strategyId},
        // A bulk job's list can hold thousands: the summary shows the first few.
        {QStringLiteral("tickers"),
            tickers.size() > 10 ? QJsonArray::fromVariantList(tickers.toVariantList().mid(0, 10)) : tickers},
        {QStringLiteral("ticker_count"), tickers.size()},
        {QStringLiteral("correlation_id"), nullable(job.correlationId)},
        {QStringLiteral("attempt"), job.attempt}, {QStringLiteral("error"), nullable(job.error)},
        {QStringLiteral("current_ticker"), nullable(job.currentTicker)},
        {QStringLiteral("created_at"), nullable(job.createdAt)},
        {QStringLiteral("started_at"), nullable(job.startedAt)},
        {QStringLiteral("completed_at"), nullable(job.completedAt)},
        {QStringLiteral("updated_at"), nullable(job.updatedAt)},
        {QStringLiteral("retry_of"), nullable(job.retryOf)}};
    if (!job.startedAt.isEmpty()) {
        const QDateTime start = QDateTime::fromString(job.startedAt, Qt::ISODateWithMs);
        const QDateTime end = job.completedAt.isEmpty()
            ? QDateTime::currentDateTimeUtc()
            : QDateTime::fromString(job.completedAt, Qt::ISODateWithMs);
        o.insert(QStringLiteral("duration_seconds"), qMax<qint64>(0, start.msecsTo(end)) / 1000.0);
    }
    return o;
}

QString encodeCursor(const QString &createdAt, const QString &jobId)
{
    return QString::fromLatin1(QJsonDocument(QJsonArray {createdAt, jobId})
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

void decodeCursor(const QString &cursor, repo::JobFilter *filter)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    const QJsonArray parts = decoded ? QJsonDocument::fromJson(*decoded).array() : QJsonArray();
    // The time goes to SQL as a bound value: it must be one the database parses.
    static const QRegularExpression timestamp(
        QStringLiteral(R"(^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$)"));
    if (parts.size() != 2 || !timestamp.match(parts.at(0).toString()).hasMatch() || !parts.at(1).isString()
        || parts.at(1).toString().size() > 64)
        throw http::ApiError(400, QStringLiteral("INVALID_CURSOR"),
            QStringLiteral("'cursor' is not a cursor this server gave"));
    filter->afterCreatedAt = parts.at(0).toString();
    filter->afterJobId = parts.at(1).toString();
}

QString isoParameter(const http::HttpRequest &request, const QString &name)
{
    const QString value = request.queryValue(name);
    if (value.isEmpty())
        return {};
    const QDateTime time = QDateTime::fromString(value, Qt::ISODateWithMs);
    if (!time.isValid())
        throw badRequest(
            QStringLiteral("'%1' must be an ISO 8601 time such as 2026-11-30T00:00:00Z").arg(name));
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

http::HttpResponse listJobs(const ServerContext &context, const http::HttpRequest &request)
{
    static const QStringList statuses = {QStringLiteral("queued"), QStringLiteral("processing"),
        QStringLiteral("completed"), QStringLiteral("failed"), QStringLiteral("cancelled")};
    static const QStringList kinds = {QStringLiteral("analysis"), QStringLiteral("bulk_analysis"),
        QStringLiteral("backtest"), QStringLiteral("cleanup")};
    repo::JobFilter filter;
    filter.status = request.queryValue(QStringLiteral("status"));
    if (!filter.status.isEmpty() && !statuses.contains(filter.status))
        throw badRequest(
            QStringLiteral("'status' must be one of %1").arg(statuses.join(QStringLiteral(", "))));
    filter.kind = request.queryValue(QStringLiteral("kind"));
    if (!filter.kind.isEmpty() && !kinds.contains(filter.kind))
        throw badRequest(QStringLiteral("'kind' must be one of %1").arg(kinds.join(QStringLiteral(", "))));
    filter.ticker = request.queryValue(QStringLiteral("ticker")).trimmed();
    filter.correlationId = request.queryValue(QStringLiteral("correlation_id"));
    if (filter.ticker.size() > 32 || filter.correlationId.size() > 128)
        throw badRequest(QStringLiteral("'ticker' or 'correlation_id' is too long"));
    filter.createdFrom = isoParameter(request, QStringLiteral("created_from"));
    filter.createdTo = isoParameter(request, QStringLiteral("created_to"));
    if (request.hasQuery(QStringLiteral("limit"))) {
        bool ok = false;
        filter.limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || filter.limit < 1 || filter.limit > 500)
            throw badRequest(QStringLiteral("'limit' must be between 1 and 500"));
    }
    if (request.hasQuery(QStringLiteral("cursor")))
        decodeCursor(request.queryValue(QStringLiteral("cursor")), &filter);

    repo::JobRepository jobs(context.database);
    QList<repo::JobRow> rows;
    QString lastCreated;
    throwIfFailed(jobs.page(filter, &rows, &lastCreated));
    QList<repo::JobCount> counts;
    throwIfFailed(jobs.counts(&counts));
    QJsonArray items;
    for (const repo::JobRow &row : rows)
        items.append(jobSummary(row));
    QJsonObject byStatus;
    QJsonObject byKind;
    for (const QString &status : statuses)
        byStatus.insert(status, 0);
    for (const repo::JobCount &c : counts) {
        byStatus.insert(c.status, byStatus.value(c.status).toInteger() + c.count);
        QJsonObject kind = byKind.value(c.kind).toObject();
        kind.insert(c.status, c.count);
        byKind.insert(c.kind, kind);
    }
    const bool more = rows.size() == filter.limit;
    return http::HttpResponse::json({{QStringLiteral("jobs"), items}, {QStringLiteral("count"), items.size()},
        {QStringLiteral("next_cursor"),
            more ? QJsonValue(encodeCursor(lastCreated, rows.last().jobId)) : QJsonValue()},
        {QStringLiteral("counts"), byStatus}, {QStringLiteral("counts_by_kind"), byKind}});
}

repo::JobRow requireJob(const ServerContext &context, const QString &jobId)
{
    std::optional<repo::JobRow> job;
    throwIfFailed(repo::JobRepository(context.database).get(jobId, &job));
    if (!job)
        throw jobNotFound(jobId);
    return *job;
}

http::HttpResponse jobDetail(const ServerContext &context, const http::HttpRequest &request)
{
    const repo::JobRow job = requireJob(context, request.pathParam(QStringLiteral("id")));
    QJsonObject o = jobSummary(job);
    const QJsonObject config = QJsonDocument::fromJson(job.configJson.toUtf8()).object();
    o.insert(QStringLiteral("tickers"), config.value(QStringLiteral("tickers")));
    o.insert(QStringLiteral("config"), config);
    o.insert(QStringLiteral("errors"), QJsonDocument::fromJson(job.errors.toUtf8()).array());
    o.insert(QStringLiteral("max_attempts"), job.maxAttempts);
    o.insert(QStringLiteral("lease_owner"), nullable(job.leaseOwner));
    o.insert(QStringLiteral("lease_until"), nullable(job.leaseUntil));
    o.insert(QStringLiteral("heartbeat_at"), nullable(job.heartbeatAt));
    o.insert(QStringLiteral("heartbeat_age_seconds"), ageSeconds(job.heartbeatAt));
    o.insert(QStringLiteral("cancel_requested"), job.cancelRequested);
    o.insert(QStringLiteral("ticker_timeout_seconds"), job.tickerTimeoutSeconds);
    o.insert(QStringLiteral("job_timeout_seconds"), job.jobTimeoutSeconds);
    QList<repo::ResultRow> results;
    throwIfFailed(repo::ResultRepository(context.database).listByJob(job.jobId, &results));
    QJsonArray outcomes;
    for (const repo::ResultRow &r : results)
        outcomes.append(QJsonObject {{QStringLiteral("ticker"), r.ticker},
            {QStringLiteral("status"), r.status}, {QStringLiteral("verdict"), r.verdict},
            {QStringLiteral("score"), r.score}, {QStringLiteral("error"), nullable(r.errorMessage)},
            {QStringLiteral("attempt"), r.attempt}, {QStringLiteral("data_source"), nullable(r.dataSource)},
            {QStringLiteral("result_id"), r.id}, {QStringLiteral("created_at"), nullable(r.createdAt)}});
    o.insert(QStringLiteral("outcomes"), outcomes);
    // Jobs whose outcome is a document (asynchronous backtests) carry it here.
    o.insert(QStringLiteral("result"),
        job.resultJson.isEmpty() ? QJsonValue()
                                 : QJsonValue(QJsonDocument::fromJson(job.resultJson.toUtf8()).object()));
    return http::HttpResponse::json(o);
}

http::HttpResponse jobLogs(const ServerContext &context, const http::HttpRequest &request)
{
    const repo::JobRow job = requireJob(context, request.pathParam(QStringLiteral("id")));
    bool ok = true;
    const qint64 after = request.hasQuery(QStringLiteral("after"))
        ? request.queryValue(QStringLiteral("after")).toLongLong(&ok)
        : 0;
    if (!ok || after < 0)
        throw badRequest(QStringLiteral("'after' must be a log line id (an integer >= 0)"));
    int limit = 500;
    if (request.hasQuery(QStringLiteral("limit"))) {
        limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 5000)
            throw badRequest(QStringLiteral("'limit' must be between 1 and 5000"));
    }
    QList<repo::JobLogLine> lines;
    throwIfFailed(repo::JobLogRepository(context.database).list(job.jobId, after, limit, &lines));
    QJsonArray items;
    for (const repo::JobLogLine &l : lines)
        items.append(QJsonObject {{QStringLiteral("id"), l.id}, {QStringLiteral("time"), l.createdAt},
            {QStringLiteral("level"), l.level}, {QStringLiteral("message"), l.message},
            {QStringLiteral("ticker"), nullable(l.ticker)}, {QStringLiteral("attempt"), l.attempt},
            {QStringLiteral("correlation_id"), nullable(l.correlationId)}});
    return http::HttpResponse::json({{QStringLiteral("job_id"), job.jobId}, {QStringLiteral("lines"), items},
        {QStringLiteral("next_after"), lines.isEmpty() ? after : lines.last().id}});
}

http::HttpResponse cancelRoute(const ServerContext &context, const http::HttpRequest &request)
{
    const QString jobId = request.pathParam(QStringLiteral("id"));
    const QString previous = cancelJob(context, jobId, 409);
    return http::HttpResponse::json(
        {{QStringLiteral("job_id"), jobId}, {QStringLiteral("status"), QStringLiteral("cancelled")},
            {QStringLiteral("previous_status"), previous}});
}

http::HttpResponse retryJob(const ServerContext &context, const http::HttpRequest &request)
{
    const repo::JobRow job = requireJob(context, request.pathParam(QStringLiteral("id")));
    if (job.status == QLatin1String("queued") || job.status == QLatin1String("processing"))
        throw http::ApiError(409, QStringLiteral("JOB_ACTIVE"),
            QStringLiteral("Job %1 is still %2; cancel it or wait before retrying")
                .arg(job.jobId, job.status),
            {{QStringLiteral("current_status"), job.status}});
    QJsonObject config = QJsonDocument::fromJson(job.configJson.toUtf8()).object();
    jobs::NewJob retry;
    retry.kind = job.kind;
    for (const QJsonValue &t : config.value(QStringLiteral("tickers")).toArray())
        retry.tickers.append(t.toString());
    config.remove(QStringLiteral("tickers"));
    retry.tickersJson = job.tickersJson;
    retry.config = config;
    retry.strategyId = int(job.strategyId);
    retry.correlationId = request.requestId;
    retry.tickerTimeoutSeconds = context.config.tickerTimeoutSeconds;
    retry.jobTimeoutSeconds = context.config.jobTimeoutSeconds;
    retry.retryOf = job.jobId;
    const repo::JobRow created = enqueueJob(context, retry);
    return http::HttpResponse::json(
        {{QStringLiteral("job_id"), created.jobId}, {QStringLiteral("status"), created.status},
            {QStringLiteral("retry_of"), job.jobId},
            {QStringLiteral("correlation_id"), created.correlationId}},
        201);
}

http::HttpResponse workers(const ServerContext &context)
{
    QJsonArray items;
    throwIfFailed(repo::runBound(
        context.database,
        QStringLiteral(
            "SELECT worker_id, instance, hostname, pid, version, status, current_job_id, started_at, "
            "heartbeat_at FROM workers ORDER BY instance, worker_id"),
        {},
        [&items](const QSqlQuery &row) {
            const QString heartbeat = repo::timestampText(row.value(8));
            const QJsonValue age = ageSeconds(heartbeat);
            items.append(QJsonObject {{QStringLiteral("worker_id"), row.value(0).toString()},
                {QStringLiteral("instance"), row.value(1).toString()},
                {QStringLiteral("hostname"), row.value(2).toString()},
                {QStringLiteral("pid"), row.value(3).toInt()},
                {QStringLiteral("version"), row.value(4).toString()},
                {QStringLiteral("status"), row.value(5).toString()},
                {QStringLiteral("current_job_id"), nullable(row.value(6).toString())},
                {QStringLiteral("started_at"), nullable(repo::timestampText(row.value(7)))},
                {QStringLiteral("heartbeat_at"), nullable(heartbeat)},
                {QStringLiteral("heartbeat_age_seconds"), age},
                {QStringLiteral("alive"), age.isDouble() && age.toDouble() < workerAliveSeconds}});
        },
        db::Database::Retry::Idempotent));
    return http::HttpResponse::json({{QStringLiteral("workers"), items},
        {QStringLiteral("count"), items.size()}, {QStringLiteral("instance"), context.instance}});
}

} // namespace

void addJobRoutes(http::Router &router, const ServerContext &context)
{
    const ServerContext *c = &context;
    const http::Access read = http::Access::needs(http::Scope::Read);
    const http::Access analyze = http::Access::needs(http::Scope::Analyze);
    router.add(
        "GET", QStringLiteral("/api/jobs"), [c](const http::HttpRequest &r) { return listJobs(*c, r); },
        read);
    router.add(
        "GET", QStringLiteral("/api/jobs/{id}"), [c](const http::HttpRequest &r) { return jobDetail(*c, r); },
        read);
    router.add(
        "GET", QStringLiteral("/api/jobs/{id}/logs"),
        [c](const http::HttpRequest &r) { return jobLogs(*c, r); }, read);
    router.add(
        "POST", QStringLiteral("/api/jobs/{id}/cancel"),
        [c](const http::HttpRequest &r) { return cancelRoute(*c, r); }, analyze);
    router.add(
        "POST", QStringLiteral("/api/jobs/{id}/retry"),
        [c](const http::HttpRequest &r) { return retryJob(*c, r); }, analyze);
    router.add(
        "GET", QStringLiteral("/api/workers"), [c](const http::HttpRequest &) { return workers(*c); }, read);
}

} // namespace thetool::server
