#include "backend/server/bulkroutes.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include "backend/http/apierror.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/jobs/analyzerequest.h"
#include "backend/jobs/jobqueue.h"
#include "backend/jobs/jobservice.h"
#include "backend/market/nseuniverse.h"
#include "backend/repo/sqlsupport.h"
#include "backend/report/resulttimestamps.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/jobcontrol.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

QStringList universeSymbols()
{
    QStringList symbols;
    for (const market::NseStock &stock : market::NseUniverse::bundled().stocks()) {
        if (!stock.yahooSymbol.isEmpty())
            symbols.append(stock.yahooSymbol);
    }
    return symbols;
}

QJsonValue number(const QVariant &value)
{
    return value.isNull() ? QJsonValue() : QJsonValue(value.toDouble());
}

http::HttpResponse analyzeAll(const ServerContext &context, const http::HttpRequest &request)
{
    const QJsonObject body = request.jsonObject();
    const QStringList universe = universeSymbols();
    jobs::AnalyzeValidation validation;
    const jobs::BulkRequest bulk = jobs::parseBulkRequest(body, universe, &validation);
    if (!validation.ok())
        throw http::ApiError(400, QStringLiteral("VALIDATION_ERROR"),
            QStringLiteral("Request validation failed"),
            {{QStringLiteral("validation_errors"), validation.errors}});
    if (bulk.analyze.tickers.isEmpty())
        throw http::ApiError(
            400, QStringLiteral("NO_STOCKS_FOUND"), QStringLiteral("No stocks found to analyze"));
    const jobs::AnalyzeRequest &analyze = bulk.analyze;
    const QString tickersJson = jobs::bulkTickersJson(analyze);
    const QJsonArray symbols = QJsonArray::fromStringList(analyze.tickers);
    jobs::JobQueue queue(context.database);
    if (!analyze.force) {
        std::optional<repo::JobRow> duplicate;
        throwIfFailed(queue.findDuplicate(tickersJson, analyze.strategyId, &duplicate));
        if (duplicate)
            return http::HttpResponse::json({{QStringLiteral("job_id"), duplicate->jobId},
                {QStringLiteral("status"), duplicate->status}, {QStringLiteral("is_duplicate"), true},
                {QStringLiteral("message"), QStringLiteral("Analysis already running for these symbols")},
                {QStringLiteral("total"), duplicate->total},
                {QStringLiteral("completed"), duplicate->completed}, {QStringLiteral("symbols"), symbols},
                {QStringLiteral("capital"), analyze.capital}, {QStringLiteral("count"), symbols.size()}});
    }
    jobs::NewJob job;
    job.kind = QStringLiteral("bulk_analysis");
    job.tickers = analyze.tickers;
    job.tickersJson = tickersJson;
    job.config = analyze.jobConfig();
    job.config.insert(QStringLiteral("max_workers"), bulk.maxWorkers);
    job.strategyId = analyze.strategyId;
    job.correlationId = request.requestId;
    job.tickerTimeoutSeconds = context.config.tickerTimeoutSeconds;
    job.jobTimeoutSeconds = context.config.jobTimeoutSeconds;
    const repo::JobRow created = enqueueJob(context, job);
    return http::HttpResponse::json(
        {{QStringLiteral("job_id"), created.jobId}, {QStringLiteral("status"), QStringLiteral("queued")},
            {QStringLiteral("symbols"), symbols}, {QStringLiteral("capital"), analyze.capital},
            {QStringLiteral("count"), symbols.size()}, {QStringLiteral("strategy_id"), analyze.strategyId},
            {QStringLiteral("is_duplicate"), false},
            {QStringLiteral("thread_started"),
                context.jobs != nullptr && context.jobs->options().workers > 0},
            {QStringLiteral("correlation_id"), created.correlationId}},
        201);
}

struct JobProgress {
    QString jobId;
    QString status;
    int total = 0;
    int completed = 0;
    int successful = 0;
    int errorsCount = 0;
};

QString estimate(qint64 pending)
{
    if (pending < 60)
        return QString::number(pending) + QLatin1Char('s');
    if (pending < 3600)
        return QString::number(pending / 60) + QLatin1Char('m');
    return QString::number(pending / 3600) + QLatin1Char('h');
}

http::HttpResponse progress(const ServerContext &context)
{
    const bool pg = context.database.dialect() == db::Dialect::Postgres;
    const QString hourAgo = pg ? QStringLiteral("now() - interval '1 hour'")
                               : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')");
    const QString columns =
        QStringLiteral("SELECT job_id, status, total, completed, successful, errors FROM analysis_jobs ");
    QList<JobProgress> active;
    QList<JobProgress> recent;
    const auto reader = [](QList<JobProgress> *out) {
        return [out](const QSqlQuery &row) {
            JobProgress p {row.value(0).toString(), row.value(1).toString(), row.value(2).toInt(),
                row.value(3).toInt(), row.value(4).toInt(), 0};
            const QJsonDocument errors = QJsonDocument::fromJson(row.value(5).toString().toUtf8());
            p.errorsCount = errors.isArray() ? int(errors.array().size()) : 0;
            out->append(p);
        };
    };
    throwIfFailed(repo::runBound(context.database,
        columns
            + QStringLiteral("WHERE status IN ('queued', 'processing') ORDER BY created_at DESC LIMIT 20"),
        {}, reader(&active), db::Database::Retry::Idempotent));
    // Spec §2.3 FIX: "recent" compares UTC with UTC.
    throwIfFailed(repo::runBound(context.database,
        columns
            + QStringLiteral("WHERE status IN ('completed', 'cancelled', 'failed') AND completed_at > %1 "
                             "ORDER BY completed_at DESC LIMIT 5")
                  .arg(hourAgo),
        {}, reader(&recent), db::Database::Retry::Idempotent));
    qint64 completed = 0, total = 0, pending = 0, failed = 0, successful = 0;
    QJsonArray jobsJson;
    QStringList listed;
    const auto emitJob = [&](const JobProgress &p, int percent) {
        listed.append(p.jobId);
        completed += p.completed;
        total += p.total;
        failed += p.errorsCount;
        successful += p.successful;
        jobsJson.append(QJsonObject {{QStringLiteral("job_id"), p.jobId},
            {QStringLiteral("status"), p.status}, {QStringLiteral("total"), p.total},
            {QStringLiteral("completed"), p.completed}, {QStringLiteral("successful"), p.successful},
            {QStringLiteral("errors_count"), p.errorsCount}, {QStringLiteral("progress_percent"), percent}});
    };
    for (const JobProgress &p : active) {
        emitJob(p, p.total > 0 ? int(qint64(p.completed) * 100 / p.total) : 0);
        pending += p.total - p.completed;
    }
    for (const JobProgress &p : recent) {
        if (!listed.contains(p.jobId))
            emitJob(p, p.status == QLatin1String("completed") ? 100 : 0);
    }
    const bool analysing = !active.isEmpty();
    return http::HttpResponse::json(
        {{QStringLiteral("is_analyzing"), analysing}, {QStringLiteral("analyzing"), active.size()},
            {QStringLiteral("completed"), completed}, {QStringLiteral("total"), total},
            {QStringLiteral("percentage"), total > 0 ? int(completed * 100 / total) : 0},
            {QStringLiteral("estimated_time_remaining"),
                analysing && total > completed ? estimate(total - completed) : QStringLiteral("N/A")},
            {QStringLiteral("pending"), pending}, {QStringLiteral("failed"), failed},
            {QStringLiteral("successful"), successful}, {QStringLiteral("jobs"), jobsJson},
            {QStringLiteral("active_count"), active.size()}});
}

int clampedInt(const http::HttpRequest &request, const QString &name, int fallback, int low, int high)
{
    bool ok = false;
    const int value = request.queryValue(name).toInt(&ok);
    if (!ok)
        return fallback;
    if (name == QLatin1String("page"))
        return qMax(low, value); // page < 1 becomes 1
    return value < low || value > high ? fallback : value;
}

http::HttpResponse results(const ServerContext &context, const http::HttpRequest &request)
{
    const int page = clampedInt(request, QStringLiteral("page"), 1, 1, INT_MAX);
    const int perPage = clampedInt(request, QStringLiteral("per_page"), 50, 1, 500);
    qint64 total = 0;
    throwIfFailed(repo::runBound(
        context.database, QStringLiteral("SELECT count(*) FROM analysis_results WHERE verdict IS NOT NULL"),
        {}, [&total](const QSqlQuery &row) { total = row.value(0).toLongLong(); },
        db::Database::Retry::Idempotent));
    QJsonArray rows;
    throwIfFailed(repo::runBound(
        context.database,
        QStringLiteral(
            "SELECT id, ticker, symbol, name, yahoo_symbol, score, verdict, entry, stop_loss, target, "
            "created_at, job_id, data_source, is_demo_data, status FROM analysis_results "
            "WHERE verdict IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"),
        {perPage, qint64(page - 1) * perPage},
        [&rows](const QSqlQuery &row) {
            const auto text = [&row](int i) {
                return row.value(i).isNull() ? QJsonValue() : QJsonValue(row.value(i).toString());
            };
            rows.append(QJsonObject {{QStringLiteral("id"), row.value(0).toLongLong()},
                {QStringLiteral("ticker"), text(1)}, {QStringLiteral("symbol"), text(2)},
                {QStringLiteral("name"), text(3)}, {QStringLiteral("yahoo_symbol"), text(4)},
                {QStringLiteral("score"), number(row.value(5))}, {QStringLiteral("verdict"), text(6)},
                {QStringLiteral("entry"), number(row.value(7))},
                {QStringLiteral("stop_loss"), number(row.value(8))},
                {QStringLiteral("target"), number(row.value(9))},
                {QStringLiteral("created_at"), report::httpDateValue(repo::timestampText(row.value(10)))},
                {QStringLiteral("job_id"), text(11)}, {QStringLiteral("data_source"), text(12)},
                {QStringLiteral("is_demo_data"), row.value(13).toBool()},
                {QStringLiteral("status"), text(14)}});
        },
        db::Database::Retry::Idempotent));
    return http::HttpResponse::json({{QStringLiteral("results"), rows},
        {QStringLiteral("count"), rows.size()}, {QStringLiteral("total"), total},
        {QStringLiteral("page"), page}, {QStringLiteral("per_page"), perPage},
        {QStringLiteral("total_pages"), (total + perPage - 1) / perPage}});
}

} // namespace

void addBulkRoutes(http::Router &router, const ServerContext &context)
{
    const ServerContext *c = &context;
    router.add(
        "POST", QStringLiteral("/api/stocks/analyze-all-stocks"),
        [c](const http::HttpRequest &request) { return analyzeAll(*c, request); },
        http::Access::needs(http::Scope::Analyze));
    router.add(
        "GET", QStringLiteral("/api/stocks/all-stocks/progress"),
        [c](const http::HttpRequest &) { return progress(*c); }, http::Access::needs(http::Scope::Read));
    router.add(
        "GET", QStringLiteral("/api/stocks/all-stocks/results"),
        [c](const http::HttpRequest &request) { return results(*c, request); },
        http::Access::needs(http::Scope::Read));
}

} // namespace thetool::server
