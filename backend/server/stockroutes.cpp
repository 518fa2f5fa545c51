#include "backend/server/stockroutes.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/market/nseuniverse.h"
#include "backend/market/period.h"
#include "backend/market/pricestore.h"
#include "backend/market/tradingcalendar.h"
#include "backend/repo/resultrepository.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/routesupport.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

constexpr int kHistoryLimit = 50;
constexpr int kNseStocksShown = 500; // /nse-stocks lists the first 500 (spec §2.3)

const market::NseUniverse &universeOrThrow()
{
    const market::NseUniverse &universe = market::NseUniverse::bundled();
    if (universe.isEmpty())
        throw http::ApiError(
            404, QStringLiteral("FILE_NOT_FOUND"), QStringLiteral("NSE stock list not available"));
    return universe;
}

QJsonValue number(double value)
{
    return std::isnan(value) ? QJsonValue() : QJsonValue(value);
}

QJsonObject historyRow(const repo::ResultRow &r)
{
    return {{QStringLiteral("id"), r.id}, {QStringLiteral("ticker"), r.ticker},
        {QStringLiteral("symbol"), nullableText(r.symbol)}, {QStringLiteral("verdict"), r.verdict},
        {QStringLiteral("score"), r.score}, {QStringLiteral("entry"), number(r.entry)},
        {QStringLiteral("stop_loss"), number(r.stopLoss)}, {QStringLiteral("target"), number(r.target)},
        {QStringLiteral("created_at"), nullableText(r.createdAt)}};
}

http::HttpResponse allStocks(const http::HttpRequest &request)
{
    const market::NseUniverse &universe = universeOrThrow();
    int page = queryInt(request, QStringLiteral("page"), 1);
    int perPage = queryInt(request, QStringLiteral("per_page"), 50);
    if (page < 1)
        page = 1;
    if (perPage < 1 || perPage > 500)
        perPage = 50;
    const QString search =
        request.queryValue(QStringLiteral("search"), request.queryValue(QStringLiteral("q")));
    const QList<market::NseStock> matches = universe.search(search);
    const qsizetype total = matches.size();
    QJsonArray stocks;
    const qsizetype first = static_cast<qsizetype>(page - 1) * perPage;
    for (qsizetype i = first; i < total && i < first + perPage; ++i) {
        const market::NseStock &s = matches.at(i);
        stocks.append(QJsonObject {{QStringLiteral("symbol"), s.symbol}, {QStringLiteral("name"), s.name},
            {QStringLiteral("yahoo_symbol"), s.yahooSymbol}, {QStringLiteral("sector"), QString()},
            {QStringLiteral("industry"), QString()}});
    }
    QJsonObject answer {{QStringLiteral("stocks"), stocks}, {QStringLiteral("count"), stocks.size()},
        {QStringLiteral("total"), total}, {QStringLiteral("page"), page},
        {QStringLiteral("per_page"), perPage},
        {QStringLiteral("total_pages"), (total + perPage - 1) / perPage}};
    if (!search.trimmed().isEmpty())
        answer.insert(QStringLiteral("search"), search.trimmed());
    return http::HttpResponse::json(answer);
}

http::HttpResponse nseList(const http::HttpRequest &)
{
    const market::NseUniverse &universe = universeOrThrow();
    QJsonArray stocks;
    for (const market::NseStock &s : universe.stocks())
        stocks.append(QJsonObject {{QStringLiteral("symbol"), s.symbol}, {QStringLiteral("name"), s.name},
            {QStringLiteral("yahoo_symbol"), s.yahooSymbol}});
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("stocks"), stocks}, {QStringLiteral("count"), stocks.size()}});
}

http::HttpResponse nseStocks(const http::HttpRequest &)
{
    const market::NseUniverse &universe = market::NseUniverse::bundled();
    if (universe.isEmpty())
        return http::HttpResponse::json(
            QJsonObject {{QStringLiteral("stocks"), QJsonArray()}, {QStringLiteral("count"), 0},
                {QStringLiteral("message"), QStringLiteral("NSE stocks data not available.")}});
    QJsonArray stocks;
    for (const market::NseStock &s : universe.stocks()) {
        if (stocks.size() >= kNseStocksShown)
            break;
        const QString ticker = s.yahooSymbol.isEmpty() ? s.symbol + QStringLiteral(".NS") : s.yahooSymbol;
        stocks.append(QJsonObject {{QStringLiteral("symbol"), s.symbol}, {QStringLiteral("name"), s.name},
            {QStringLiteral("ticker"), ticker}, {QStringLiteral("sector"), QString()},
            {QStringLiteral("industry"), QString()}, {QStringLiteral("market_cap"), 0}});
    }
    // `count` is the whole universe, as the original's fallback reports it.
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("stocks"), stocks}, {QStringLiteral("count"), universe.size()}});
}

} // namespace

void addStockRoutes(http::Router &router, const ServerContext &context)
{
    db::Database *db = &context.database;
    const http::Access read = http::Access::needs(http::Scope::Read);

    router.add("GET", QStringLiteral("/api/stocks/all"), allStocks, read);
    router.add("GET", QStringLiteral("/api/stocks/nse"), nseList, read);
    router.add("GET", QStringLiteral("/api/stocks/nse-stocks"), nseStocks, read);

    router.add(
        "GET", QStringLiteral("/api/stocks/all-stocks"),
        [db](const http::HttpRequest &request) {
            int limit = queryInt(request, QStringLiteral("limit"), 50);
            int offset = queryInt(request, QStringLiteral("offset"), 0);
            if (limit < 1 || limit > 1000)
                limit = 50;
            if (offset < 0)
                offset = 0;
            QList<repo::ResultRepository::TickerSummary> rows;
            qint64 total = 0;
            throwIfFailed(repo::ResultRepository(*db).listTickers(limit, offset, &rows, &total));
            QJsonArray stocks;
            for (const auto &row : rows)
                stocks.append(QJsonObject {{QStringLiteral("ticker"), row.ticker},
                    {QStringLiteral("symbol"), nullableText(row.symbol)},
                    {QStringLiteral("latest_analysis"), nullableText(row.latestAnalysis)}});
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("stocks"), stocks},
                {QStringLiteral("count"), stocks.size()}, {QStringLiteral("total"), total},
                {QStringLiteral("limit"), limit}, {QStringLiteral("offset"), offset}});
        },
        read);

    router.add(
        "GET", QStringLiteral("/api/stocks/all-stocks/{symbol}/history"),
        [db](const http::HttpRequest &request) {
            const QString symbol = request.pathParam(QStringLiteral("symbol")).trimmed();
            if (!isValidTicker(symbol))
                throw http::ApiError(400, QStringLiteral("INVALID_SYMBOL"),
                    QStringLiteral("A symbol is 1-32 letters, digits or . & ^ - _ ="));
            QList<repo::ResultRow> rows;
            throwIfFailed(repo::ResultRepository(*db).listBySymbol(symbol, kHistoryLimit, &rows));
            QJsonArray history;
            for (const repo::ResultRow &row : rows)
                history.append(historyRow(row));
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("symbol"), symbol},
                {QStringLiteral("history"), history}, {QStringLiteral("count"), history.size()}});
        },
        read);

    router.add(
        "POST", QStringLiteral("/api/stocks/initialize-all-stocks"),
        [db](const http::HttpRequest &request) {
            const QJsonValue force = bodyObject(request).value(QStringLiteral("force"));
            if (!force.isUndefined() && !force.isNull() && !force.isBool())
                throw http::ApiError(
                    400, QStringLiteral("VALIDATION_ERROR"), QStringLiteral("'force' must be true or false"));
            const market::NseUniverse &universe = universeOrThrow();
            QList<repo::ResultRepository::Placeholder> stocks;
            for (const market::NseStock &s : universe.stocks()) {
                if (!s.yahooSymbol.isEmpty())
                    stocks.append({s.yahooSymbol.toUpper(), s.symbol, s.name});
            }
            repo::ResultRepository::InitializeOutcome outcome;
            throwIfFailed(
                repo::ResultRepository(*db).initializePlaceholders(stocks, force.toBool(), &outcome));
            if (outcome.existingRows > 0 && !force.toBool())
                return http::HttpResponse::json(
                    QJsonObject {{QStringLiteral("message"), QStringLiteral("Stocks already initialized")},
                        {QStringLiteral("exists"), true},
                        {QStringLiteral("hint"), QStringLiteral("Use force=true to reinitialize")}});
            return http::HttpResponse::json(
                QJsonObject {{QStringLiteral("message"), QStringLiteral("Initialization complete")},
                    {QStringLiteral("requested_count"), stocks.size()},
                    {QStringLiteral("inserted"), outcome.inserted},
                    {QStringLiteral("skipped_duplicates"), outcome.skipped},
                    {QStringLiteral("other_errors_count"), 0}, {QStringLiteral("force_used"), force.toBool()},
                    {QStringLiteral("already_initialized_before"), outcome.existingRows > 0}},
                201);
        },
        http::Access::needs(http::Scope::Admin));

    router.add(
        "GET", QStringLiteral("/api/stocks/{symbol}/bars"),
        [db](const http::HttpRequest &request) {
            const QString symbol = request.pathParam(QStringLiteral("symbol")).trimmed().toUpper();
            if (!isValidTicker(symbol))
                throw http::ApiError(400, QStringLiteral("INVALID_SYMBOL"),
                    QStringLiteral("A symbol is 1-32 letters, digits or . & ^ - _ ="));
            const QString periodText = request.queryValue(QStringLiteral("period"), QStringLiteral("1y"));
            const auto period = market::Period::parse(periodText);
            if (!period)
                throw http::ApiError(400, QStringLiteral("INVALID_PERIOD"),
                    QStringLiteral("period must be Nd, Nmo or Ny (e.g. 200d, 6mo, 1y)"));
            const QDate from =
                period->startFor(market::TradingCalendar::istDate(QDateTime::currentDateTimeUtc()));
            analysis::Bars bars;
            QString source;
            throwIfFailed(market::PriceStore(*db, nullptr).load(symbol, from, &bars, &source));
            if (bars.empty())
                throw http::ApiError(404, QStringLiteral("BARS_NOT_FOUND"),
                    QStringLiteral("No stored bars for %1 in the last %2").arg(symbol, period->toString()));
            QJsonArray rows;
            for (std::size_t i = 0; i < bars.size(); ++i)
                rows.append(QJsonObject {{QStringLiteral("date"), QString::fromStdString(bars.dates[i])},
                    {QStringLiteral("open"), bars.open[i]}, {QStringLiteral("high"), bars.high[i]},
                    {QStringLiteral("low"), bars.low[i]}, {QStringLiteral("close"), bars.close[i]},
                    {QStringLiteral("volume"), bars.volume[i]}});
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("symbol"), symbol},
                {QStringLiteral("period"), period->toString()}, {QStringLiteral("source"), source},
                {QStringLiteral("count"), rows.size()}, {QStringLiteral("bars"), rows}});
        },
        read);
}

} // namespace thetool::server
