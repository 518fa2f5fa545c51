#include "backend/server/analysisroutes.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include "backend/http/apierror.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/jobs/analyzerequest.h"
#include "backend/jobs/jobqueue.h"
#include "backend/jobs/jobservice.h"
#include "backend/repo/resultrepository.h"
#include "backend/report/resulttimestamps.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/jobcontrol.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

constexpr int statusResultLimit = 50;

QJsonValue nullable(const QString &text)
{
    return text.isNull() ? QJsonValue() : QJsonValue(text);
}

QJsonValue number(double value)
{
    return qIsNaN(value) ? QJsonValue() : QJsonValue(value);
}

QString statusMessage(const repo::JobRow &job, int currentIndex)
{
    if (job.status == QLatin1String("queued"))
        return QStringLiteral("Queued for analysis...");
    if (job.status == QLatin1String("processing"))
        return QStringLiteral("Processing ticker %1/%2...").arg(currentIndex).arg(job.total);
    if (job.status == QLatin1String("completed"))
        return QStringLiteral("Completed! %1/%2 successful").arg(job.successful).arg(job.total);
    if (job.status == QLatin1String("failed"))
        return QStringLiteral("Analysis failed");
    if (job.status == QLatin1String("cancelled"))
        return QStringLiteral("Analysis cancelled");
    return QStringLiteral("Status: ") + job.status;
}

QJsonObject resultSummary(const repo::ResultRow &r)
{
    return {{QStringLiteral("ticker"), r.ticker}, {QStringLiteral("symbol"), nullable(r.symbol)},
        {QStringLiteral("verdict"), r.verdict}, {QStringLiteral("score"), r.score},
        {QStringLiteral("entry"), number(r.entry)}, {QStringLiteral("stop_loss"), number(r.stopLoss)},
        {QStringLiteral("target"), number(r.target)},
        {QStringLiteral("created_at"), report::httpDateValue(r.createdAt)},
        {QStringLiteral("job_id"), nullable(r.jobId)}, {QStringLiteral("status"), nullable(r.status)},
        {QStringLiteral("error_message"), nullable(r.errorMessage)},
        {QStringLiteral("data_source"), nullable(r.dataSource)},
        {QStringLiteral("is_demo_data"), r.isDemoData}};
}

QJsonObject statusJson(const repo::JobRow &job)
{
    const int currentIndex = job.completed < job.total ? job.completed + 1 : job.total;
    return {{QStringLiteral("job_id"), job.jobId}, {QStringLiteral("status"), job.status},
        {QStringLiteral("progress"), job.progress}, {QStringLiteral("completed"), job.completed},
        {QStringLiteral("total"), job.total}, {QStringLiteral("successful"), job.successful},
        {QStringLiteral("errors"), job.errors},
        {QStringLiteral("created_at"), report::httpDateValue(job.createdAt)},
        {QStringLiteral("updated_at"), report::httpDateValue(job.updatedAt)},
        {QStringLiteral("started_at"), report::httpDateValue(job.startedAt)},
        {QStringLiteral("completed_at"), report::httpDateValue(job.completedAt)},
        {QStringLiteral("current_index"), currentIndex},
        {QStringLiteral("current_ticker"),
            job.currentTicker.isEmpty() ? QJsonValue() : QJsonValue(job.currentTicker)},
        {QStringLiteral("message"), statusMessage(job, currentIndex)},
        // Ours: what an operator needs beside the original's fields.
        {QStringLiteral("kind"), job.kind}, {QStringLiteral("attempt"), job.attempt},
        {QStringLiteral("correlation_id"), nullable(job.correlationId)},
        {QStringLiteral("error"), job.error.isEmpty() ? QJsonValue() : QJsonValue(job.error)}};
}

http::HttpResponse analyze(const ServerContext &context, const http::HttpRequest &request)
{
    const QJsonObject body = request.jsonObject();
    jobs::AnalyzeValidation validation;
    const jobs::AnalyzeRequest analyze = jobs::parseAnalyzeRequest(body, &validation);
    if (!validation.ok()) {
        throw http::ApiError(400, QStringLiteral("VALIDATION_ERROR"),
            QStringLiteral("Request validation failed"),
            {{QStringLiteral("validation_errors"), validation.errors},
                {QStringLiteral("invalid_tickers"), QJsonValue()},
                {QStringLiteral("request_data"),
                    QJsonObject {{QStringLiteral("tickers"), body.value(QStringLiteral("tickers"))},
                        {QStringLiteral("capital"), body.value(QStringLiteral("capital"))}}}});
    }
    jobs::JobQueue queue(context.database);
    const QJsonArray tickers = QJsonArray::fromStringList(analyze.tickers);
    if (!analyze.force) {
        std::optional<repo::JobRow> duplicate;
        throwIfFailed(queue.findDuplicate(analyze.tickersJson(), analyze.strategyId, &duplicate));
        if (duplicate) {
            return http::HttpResponse::json({{QStringLiteral("job_id"), duplicate->jobId},
                {QStringLiteral("status"), duplicate->status}, {QStringLiteral("is_duplicate"), true},
                {QStringLiteral("message"), QStringLiteral("Analysis already running for these tickers")},
                {QStringLiteral("total"), duplicate->total},
                {QStringLiteral("completed"), duplicate->completed}, {QStringLiteral("tickers"), tickers},
                {QStringLiteral("capital"), analyze.capital}});
        }
    }
    jobs::NewJob job;
    job.tickers = analyze.tickers;
    job.tickersJson = analyze.tickersJson();
    job.config = analyze.jobConfig();
    job.strategyId = analyze.strategyId;
    job.correlationId = request.requestId;
    job.tickerTimeoutSeconds = context.config.tickerTimeoutSeconds;
    job.jobTimeoutSeconds = context.config.jobTimeoutSeconds;
    const repo::JobRow created = enqueueJob(context, job);
    return http::HttpResponse::json(
        {{QStringLiteral("job_id"), created.jobId}, {QStringLiteral("status"), QStringLiteral("queued")},
            {QStringLiteral("tickers"), tickers}, {QStringLiteral("capital"), analyze.capital},
            {QStringLiteral("strategy_id"), analyze.strategyId},
            {QStringLiteral("thread_started"),
                context.jobs != nullptr && context.jobs->options().workers > 0},
            {QStringLiteral("is_duplicate"), false},
            {QStringLiteral("formula_profile"), analyze.formulaProfile},
            {QStringLiteral("correlation_id"), created.correlationId}},
        201);
}

http::HttpResponse status(const ServerContext &context, const http::HttpRequest &request)
{
    const QString jobId = request.pathParam(QStringLiteral("job_id"));
    std::optional<repo::JobRow> job;
    throwIfFailed(repo::JobRepository(context.database).get(jobId, &job));
    if (!job)
        throw jobNotFound(jobId);
    QJsonObject json = statusJson(*job);
    if (job->status == QLatin1String("completed")) {
        QList<repo::ResultRow> rows;
        throwIfFailed(repo::ResultRepository(context.database).listByJob(jobId, &rows));
        QJsonArray results;
        for (qsizetype i = 0; i < rows.size() && i < statusResultLimit; ++i)
            results.append(resultSummary(rows[i]));
        json.insert(QStringLiteral("results"), results);
    }
    return http::HttpResponse::json(json);
}

http::HttpResponse cancel(const ServerContext &context, const http::HttpRequest &request)
{
    const QString jobId = request.pathParam(QStringLiteral("job_id"));
    cancelJob(context, jobId, 400); // the original's status for a finished job
    return http::HttpResponse::json(
        {{QStringLiteral("job_id"), jobId}, {QStringLiteral("status"), QStringLiteral("cancelled")}});
}

} // namespace

void addAnalysisRoutes(http::Router &router, const ServerContext &context)
{
    const ServerContext *c = &context;
    router.add(
        "POST", QStringLiteral("/api/analysis/analyze"),
        [c](const http::HttpRequest &request) { return analyze(*c, request); },
        http::Access::needs(http::Scope::Analyze));
    router.add(
        "GET", QStringLiteral("/api/analysis/status/{job_id}"),
        [c](const http::HttpRequest &request) { return status(*c, request); },
        http::Access::needs(http::Scope::Read));
    router.add(
        "POST", QStringLiteral("/api/analysis/cancel/{job_id}"),
        [c](const http::HttpRequest &request) { return cancel(*c, request); },
        http::Access::needs(http::Scope::Analyze));
}

} // namespace thetool::server
