#include "backend/server/backtestroutes.h"

#include "backend/jobs/analyzerequest.h"
#include "backend/jobs/jobqueue.h"
#include "backend/jobs/jobservice.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/jobcontrol.h"
#include <QJsonDocument>

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

#include "backend/analysis/backtestportfolio.h"
#include "backend/cache/cacheservice.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/market/pricestore.h"
#include "backend/report/backtestjson.h"
#include "backend/server/routesupport.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

using analysis::kBacktestDefaultDays;

// How long one ticker's fetch from the provider may take.
constexpr int kFetchDeadlineMs = 20000;

http::HttpResponse errorBody(int status, const QString &message)
{
    return http::HttpResponse::json(QJsonObject {{QStringLiteral("error"), message}}, status);
}

// Input errors (a bad body, 415) in the original's {"error"} shape rather than the envelope.
http::Handler keepingErrorShape(http::Handler handler)
{
    return [handler = std::move(handler)](const http::HttpRequest &request) {
        try {
            return handler(request);
        } catch (const http::ApiError &error) {
            if (error.status() >= 500)
                throw;
            return errorBody(error.status(), error.message());
        }
    };
}

struct Fetched {
    analysis::Bars bars;
    QString source;
    QString error;
};

// The bars a backtest of `days` needs: (days + 50) calendar days, as the original asks.
Fetched fetchBars(const ServerContext &context, const QString &ticker, int days)
{
    market::Period period;
    period.count = std::max(days, analysis::kBacktestMinDays) + 50;
    period.unit = market::Period::Unit::Days;
    market::PriceStore store(context.database, &context.marketData);
    if (context.cache)
        store.setCache(context.cache->cache()); // provider responses, shared through Redis
    market::PriceSeries series = store.series(ticker, period, false, QDeadlineTimer(kFetchDeadlineMs));
    return {std::move(series.bars), series.dataSource, series.error};
}

// A result for a ticker whose bars could not be had (spec §9.5 "No data").
analysis::BacktestResult noData(const QString &ticker, int strategyId, const QString &why)
{
    analysis::BacktestResult result;
    result.status = analysis::BacktestStatus::NoData;
    result.ticker = ticker.toStdString();
    result.config = analysis::findBacktestConfig(strategyId);
    result.error = "No valid data available: " + why.toStdString();
    return result;
}

QString tickerOrThrow(const QJsonValue &value)
{
    const QString ticker = value.toString().trimmed().toUpper();
    if (!value.isString() || !isValidTicker(ticker))
        throw http::ApiError(400, QStringLiteral("INVALID_PARAMETER"),
            QStringLiteral("Invalid parameter: a ticker is 1-32 letters, digits or . & ^ - _ ="));
    return ticker;
}

// `days` of a JSON body: absent is 90; anything but a whole number is refused.
int bodyDays(const QJsonObject &body)
{
    const QJsonValue value = body.value(QStringLiteral("days"));
    if (value.isUndefined() || value.isNull())
        return kBacktestDefaultDays;
    const auto days = jsonInt(value);
    if (!days)
        throw http::ApiError(
            400, QStringLiteral("INVALID_PARAMETER"), QStringLiteral("Invalid parameter: days"));
    return static_cast<int>(std::clamp<qint64>(*days, -1, 100000));
}

bool isAsync(const QJsonObject &body)
{
    const QJsonValue value = body.value(QStringLiteral("async"));
    if (!value.isUndefined() && !value.isNull() && !value.isBool())
        throw http::ApiError(
            400, QStringLiteral("INVALID_PARAMETER"), QStringLiteral("Invalid parameter: async"));
    return value.toBool();
}

// The validated request as a `backtest` job; the worker replays it synchronously.
http::HttpResponse enqueueBacktest(const ServerContext &context, const http::HttpRequest &request,
    const QString &route, QJsonObject body, const QStringList &tickers)
{
    body.remove(QStringLiteral("async"));
    jobs::NewJob job;
    job.kind = QStringLiteral("backtest");
    job.tickers = tickers;
    job.tickersJson = jobs::pythonJsonList(tickers);
    job.config = {{QStringLiteral("route"), route}, {QStringLiteral("body"), body}};
    job.strategyId = body.value(QStringLiteral("strategy_id")).toInt(5);
    job.correlationId = request.requestId;
    job.tickerTimeoutSeconds = context.config.tickerTimeoutSeconds;
    job.jobTimeoutSeconds = context.config.jobTimeoutSeconds;
    const repo::JobRow created = enqueueJob(context, job);
    const QJsonObject answer {{QStringLiteral("job_id"), created.jobId},
        {QStringLiteral("status"), QStringLiteral("queued")},
        {QStringLiteral("kind"), QStringLiteral("backtest")},
        {QStringLiteral("status_url"), QString(QStringLiteral("/api/jobs/") + created.jobId)}};
    return http::HttpResponse::json(answer, 202);
}

http::HttpResponse tickerBacktest(const ServerContext &context, const http::HttpRequest &request)
{
    const QString ticker = request.pathParam(QStringLiteral("ticker")).trimmed().toUpper();
    if (!isValidTicker(ticker))
        return errorBody(
            400, QStringLiteral("Invalid parameter: a ticker is 1-32 letters, digits or . & ^ - _ ="));
    const int days = queryInt(request, QStringLiteral("days"), kBacktestDefaultDays);
    const int strategyId = queryInt(request, QStringLiteral("strategy_id"), 5);
    if (days < analysis::kBacktestMinDays || days > analysis::kBacktestMaxDays)
        return errorBody(400, QString::fromStdString(analysis::backtestDaysError()));
    if (!analysis::findBacktestConfig(strategyId))
        return errorBody(400, QString::fromStdString(analysis::backtestStrategyError(strategyId)));
    const Fetched fetched = fetchBars(context, ticker, days);
    const analysis::BacktestResult result = fetched.error.isEmpty()
        ? analysis::runBacktest(
            fetched.bars, {ticker.toStdString(), strategyId, days, fetched.source.toStdString()})
        : noData(ticker, strategyId, fetched.error);
    return http::HttpResponse::json(report::backtestResultToJson(result), result.ok() ? 200 : 400);
}

http::HttpResponse portfolio(const ServerContext &context, const http::HttpRequest &request)
{
    const QJsonObject body = bodyObject(request);
    const QJsonValue tickersValue = body.value(QStringLiteral("tickers"));
    if (!tickersValue.isArray())
        return errorBody(400, QStringLiteral("tickers must be a non-empty list"));
    const QJsonArray tickers = tickersValue.toArray();
    if (tickers.isEmpty())
        return errorBody(400, QStringLiteral("tickers must be a non-empty list"));
    if (tickers.size() > static_cast<qsizetype>(analysis::kPortfolioMaxTickers))
        return errorBody(400,
            QStringLiteral("Maximum %1 tickers per portfolio backtest (got %2)")
                .arg(analysis::kPortfolioMaxTickers)
                .arg(tickers.size()));
    const int days = bodyDays(body);
    const auto strategyId = body.contains(QStringLiteral("strategy_id"))
        ? jsonInt(body.value(QStringLiteral("strategy_id")))
        : std::optional<qint64>(5);
    if (!strategyId)
        return errorBody(400, QStringLiteral("Invalid parameter: strategy_id"));
    if (days < analysis::kBacktestMinDays || days > analysis::kBacktestMaxDays)
        return errorBody(400, QString::fromStdString(analysis::backtestDaysError()));
    const int strategy = static_cast<int>(std::clamp<qint64>(*strategyId, -1, 1000));
    if (!analysis::findBacktestConfig(strategy))
        return errorBody(400, QString::fromStdString(analysis::backtestStrategyError(strategy)));

    QList<QString> names;
    for (const QJsonValue &value : tickers)
        names.append(tickerOrThrow(value));
    if (isAsync(body))
        return enqueueBacktest(context, request, QStringLiteral("portfolio"), body, names);
    // Fetched one after another, as the original runs them in the request thread.
    std::vector<analysis::TickerBars> bars;
    std::vector<QString> failures;
    QString source = QStringLiteral("yahoo");
    for (const QString &name : names) {
        Fetched fetched = fetchBars(context, name, days);
        if (!fetched.source.isEmpty())
            source = fetched.source;
        failures.push_back(fetched.error);
        bars.push_back({name.toStdString(), std::move(fetched.bars)});
    }
    analysis::PortfolioResult result =
        analysis::backtestPortfolio(bars, days, strategy, source.toStdString());
    if (!result.ok())
        return errorBody(400, QString::fromStdString(result.error));
    for (std::size_t i = 0; i < result.results.size() && i < failures.size(); ++i) {
        if (!failures[i].isEmpty())
            result.results[i].second = noData(names.at(static_cast<qsizetype>(i)), strategy, failures[i]);
    }
    return http::HttpResponse::json(report::portfolioResultToJson(result));
}

http::HttpResponse compare(const ServerContext &context, const http::HttpRequest &request)
{
    const QJsonObject body = bodyObject(request);
    const QJsonValue tickerValue = body.value(QStringLiteral("ticker"));
    if (!tickerValue.isString() || tickerValue.toString().trimmed().isEmpty())
        return errorBody(400, QStringLiteral("ticker is required"));
    const QString ticker = tickerOrThrow(tickerValue);
    const int days = bodyDays(body);
    std::vector<int> ids {1, 2, 3, 4, 5};
    if (body.contains(QStringLiteral("strategies"))) {
        const QJsonValue list = body.value(QStringLiteral("strategies"));
        if (!list.isArray() || list.toArray().isEmpty())
            return errorBody(400, QStringLiteral("strategies must be a non-empty list"));
        ids.clear();
        for (const QJsonValue &value : list.toArray()) {
            const auto id = jsonInt(value);
            ids.push_back(id ? static_cast<int>(std::clamp<qint64>(*id, -1, 1000)) : -1);
        }
    }
    if (days < analysis::kBacktestMinDays || days > analysis::kBacktestMaxDays)
        return errorBody(400, QString::fromStdString(analysis::backtestDaysError()));
    if (isAsync(body))
        return enqueueBacktest(context, request, QStringLiteral("compare-strategies"), body, {ticker});
    const Fetched fetched = fetchBars(context, ticker, days);
    analysis::StrategyComparison result = analysis::compareStrategies(
        ticker.toStdString(), fetched.bars, days, ids, fetched.source.toStdString());
    if (!result.ok())
        return errorBody(400, QString::fromStdString(result.error));
    if (!fetched.error.isEmpty()) {
        for (auto &[id, entry] : result.results) {
            if (entry.config)
                entry = noData(ticker, id, fetched.error);
        }
    }
    return http::HttpResponse::json(report::strategyComparisonToJson(result));
}

} // namespace

jobs::KindRunner backtestJobRunner(const ServerContext &context)
{
    return [&context](const QJsonObject &config) {
        const QString route = config.value(QStringLiteral("route")).toString();
        http::HttpRequest request;
        request.method = "POST";
        request.path = QStringLiteral("/api/backtest/") + route;
        request.headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
        request.body =
            QJsonDocument(config.value(QStringLiteral("body")).toObject()).toJson(QJsonDocument::Compact);
        jobs::KindResult outcome;
        try {
            const http::HttpResponse response = route == QLatin1String("portfolio")
                ? portfolio(context, request)
                : route == QLatin1String("compare-strategies")
                ? compare(context, request)
                : throw http::ApiError(400, QStringLiteral("INVALID_PARAMETER"),
                    QStringLiteral("unknown backtest route ") + route);
            outcome.result = QJsonDocument::fromJson(response.body).object();
            outcome.ok = response.status == 200;
            if (!outcome.ok)
                outcome.error =
                    outcome.result.value(QStringLiteral("error"))
                        .toString(QStringLiteral("backtest failed (HTTP %1)").arg(response.status));
        } catch (const http::ApiError &error) {
            outcome.error = error.message();
        }
        return outcome;
    };
}

void addBacktestRoutes(http::Router &router, const ServerContext &context)
{
    const http::Access run = http::Access::needs(http::Scope::Analyze);

    router.add(
        "GET", QStringLiteral("/api/backtest/strategies"),
        [](const http::HttpRequest &) {
            QJsonArray list;
            for (const analysis::BacktestConfig &config : analysis::backtestConfigs())
                list.append(report::backtestStrategyToJson(config));
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("strategies"), list}});
        },
        http::Access::needs(http::Scope::Read));
    router.add("GET", QStringLiteral("/api/backtest/ticker/{ticker}"),
        keepingErrorShape(
            [context](const http::HttpRequest &request) { return tickerBacktest(context, request); }),
        run);
    router.add("POST", QStringLiteral("/api/backtest/portfolio"),
        keepingErrorShape(
            [context](const http::HttpRequest &request) { return portfolio(context, request); }),
        run);
    router.add("POST", QStringLiteral("/api/backtest/compare-strategies"),
        keepingErrorShape([context](const http::HttpRequest &request) { return compare(context, request); }),
        run);
}

} // namespace thetool::server
