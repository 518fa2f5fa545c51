#include "backend/server/watchlistroutes.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/market/nseuniverse.h"
#include "backend/repo/watchlistrepository.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/routesupport.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

using repo::WatchlistItem;
using repo::WatchlistRepository;

http::ApiError validation(const QString &message)
{
    return http::ApiError(400, QStringLiteral("VALIDATION_ERROR"), message);
}

QJsonValue collectionIdJson(qint64 id)
{
    return id == 0 ? QJsonValue() : QJsonValue(id);
}

QJsonObject itemJson(const WatchlistItem &item)
{
    return {{QStringLiteral("id"), item.id}, {QStringLiteral("ticker"), item.ticker},
        {QStringLiteral("name"), nullableText(item.name)},
        {QStringLiteral("created_at"), nullableText(item.createdAt)},
        {QStringLiteral("collection_id"), collectionIdJson(item.collectionId)}};
}

WatchlistRepository::Filter filterFrom(const http::HttpRequest &request)
{
    WatchlistRepository::Filter filter;
    if (!request.hasQuery(QStringLiteral("collection_id")))
        return filter;
    const QString value = request.queryValue(QStringLiteral("collection_id")).trimmed().toLower();
    if (value == QLatin1String("null") || value == QLatin1String("default") || value.isEmpty()) {
        filter.kind = WatchlistRepository::Filter::Kind::Default;
        return filter;
    }
    bool ok = false;
    filter.collectionId = value.toLongLong(&ok);
    if (!ok || filter.collectionId <= 0)
        throw validation(QStringLiteral("collection_id must be a collection id, 'null' or 'default'"));
    filter.kind = WatchlistRepository::Filter::Kind::Collection;
    return filter;
}

http::HttpResponse listItems(db::Database &db, const http::HttpRequest &request)
{
    QList<WatchlistItem> items;
    throwIfFailed(WatchlistRepository(db).list(filterFrom(request), &items));
    QJsonArray rows;
    for (const WatchlistItem &item : items)
        rows.append(itemJson(item));
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("watchlist"), rows}, {QStringLiteral("count"), rows.size()}});
}

http::HttpResponse addItem(db::Database &db, const http::HttpRequest &request)
{
    const QJsonObject body = bodyObject(request);
    const QJsonValue symbolValue = body.value(QStringLiteral("symbol"));
    if (!symbolValue.isString() || symbolValue.toString().trimmed().isEmpty())
        throw validation(QStringLiteral("'symbol' is required and must be a non-empty string"));
    const QString ticker = normalizeTicker(symbolValue.toString());
    if (!isValidTicker(ticker))
        throw validation(QStringLiteral("'symbol' must be 1-32 letters, digits or . & ^ - _ ="));
    const QJsonValue nameValue = body.value(QStringLiteral("name"));
    if (!nameValue.isUndefined() && !nameValue.isNull() && !nameValue.isString())
        throw validation(QStringLiteral("'name' must be a string"));
    QString name = nameValue.toString().trimmed();
    if (name.isEmpty()) { // the original failed with 500 here (spec bug 15)
        const market::NseStock *known = market::NseUniverse::bundled().find(ticker);
        name = known ? known->name : QString();
    }

    WatchlistRepository repository(db);
    std::optional<WatchlistItem> existing;
    throwIfFailed(repository.findTicker(ticker, {}, &existing));
    const http::ApiError duplicate(409, QStringLiteral("WATCHLIST_DUPLICATE"),
        QStringLiteral("Symbol %1 already in watchlist").arg(ticker));
    if (existing)
        throw duplicate;
    WatchlistItem item;
    item.ticker = ticker;
    item.name = name;
    if (db::DbError e = repository.insert(&item)) {
        if (e.kind == db::DbError::Kind::UniqueViolation)
            throw duplicate; // added by a concurrent request
        throw toApiError(e);
    }
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("id"), item.id}, {QStringLiteral("symbol"), ticker},
            {QStringLiteral("name"), name}, {QStringLiteral("collection_id"), QJsonValue()},
            {QStringLiteral("created_at"), nullableText(item.createdAt)},
            {QStringLiteral("message"), QStringLiteral("Added to watchlist")}},
        201);
}

http::HttpResponse removeItem(db::Database &db, const http::HttpRequest &request)
{
    const QJsonObject body = bodyObject(request);
    WatchlistRepository repository(db);
    const QJsonValue idValue = body.value(QStringLiteral("id"));
    if (!idValue.isUndefined() && !idValue.isNull()) {
        const auto id = jsonInt(idValue);
        if (!id)
            throw validation(QStringLiteral("'id' must be a whole number"));
        std::optional<WatchlistItem> item;
        throwIfFailed(repository.get(*id, &item));
        bool removed = false;
        if (item)
            throwIfFailed(repository.remove(*id, &removed));
        if (!removed)
            throw http::ApiError(404, QStringLiteral("WATCHLIST_NOT_FOUND"),
                QStringLiteral("Watchlist item %1 not found").arg(*id));
        return http::HttpResponse::json(
            QJsonObject {{QStringLiteral("message"), QStringLiteral("Removed from watchlist")},
                {QStringLiteral("symbol"), item->ticker}, {QStringLiteral("removed_count"), 1}});
    }
    QJsonValue symbolValue = body.value(QStringLiteral("symbol"));
    if (symbolValue.isUndefined() || symbolValue.isNull())
        symbolValue = body.value(QStringLiteral("ticker"));
    if (!symbolValue.isString() || symbolValue.toString().trimmed().isEmpty())
        throw http::ApiError(
            400, QStringLiteral("INVALID_REQUEST"), QStringLiteral("Provide either 'id' or 'symbol'"));
    QString ticker = symbolValue.toString().trimmed();
    int removed = 0;
    throwIfFailed(repository.removeTicker(ticker, &removed));
    if (removed == 0 && normalizeTicker(ticker) != ticker.toUpper()) {
        // Stored tickers carry their suffix (POST adds .NS): "TCS" removes "TCS.NS".
        ticker = normalizeTicker(ticker);
        throwIfFailed(repository.removeTicker(ticker, &removed));
    }
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("message"), QStringLiteral("Removed from watchlist")},
            {QStringLiteral("symbol"), ticker}, {QStringLiteral("removed_count"), removed}});
}

QJsonArray debugItems(db::Database &db)
{
    QList<WatchlistItem> items;
    throwIfFailed(WatchlistRepository(db).list({}, &items));
    std::sort(items.begin(), items.end(),
        [](const WatchlistItem &a, const WatchlistItem &b) { return a.id > b.id; });
    QJsonArray rows;
    for (const WatchlistItem &item : items)
        rows.append(QJsonObject {{QStringLiteral("id"), item.id}, {QStringLiteral("ticker"), item.ticker},
            {QStringLiteral("name"), nullableText(item.name)},
            {QStringLiteral("created_at"), nullableText(item.createdAt)},
            {QStringLiteral("collection_id"), collectionIdJson(item.collectionId)}});
    return rows;
}

} // namespace

void addWatchlistRoutes(http::Router &router, const ServerContext &context)
{
    db::Database *db = &context.database;
    const http::Access change = http::Access::needs(http::Scope::Analyze);
    const http::Access admin = http::Access::needs(http::Scope::Admin);

    router.add(
        "GET", QStringLiteral("/api/watchlist"),
        [db](const http::HttpRequest &request) { return listItems(*db, request); },
        http::Access::needs(http::Scope::Read));
    router.add(
        "POST", QStringLiteral("/api/watchlist"),
        [db](const http::HttpRequest &request) { return addItem(*db, request); }, change);
    router.add(
        "DELETE", QStringLiteral("/api/watchlist"),
        [db](const http::HttpRequest &request) { return removeItem(*db, request); }, change);

    router.add(
        "GET", QStringLiteral("/api/watchlist/debug/list"),
        [db](const http::HttpRequest &) {
            const QJsonArray items = debugItems(*db);
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("debug"), true},
                {QStringLiteral("total_items"), items.size()}, {QStringLiteral("items"), items}});
        },
        admin);
    router.add(
        "POST", QStringLiteral("/api/watchlist/debug/cleanup"),
        [db](const http::HttpRequest &) {
            int deleted = 0;
            throwIfFailed(WatchlistRepository(*db).removeDuplicateTickers(&deleted));
            const QJsonArray items = debugItems(*db);
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("debug"), true},
                {QStringLiteral("action"), QStringLiteral("cleanup_duplicates")},
                {QStringLiteral("deleted_count"), deleted}, {QStringLiteral("remaining_items"), items.size()},
                {QStringLiteral("items"), items}});
        },
        admin);
}

} // namespace thetool::server
