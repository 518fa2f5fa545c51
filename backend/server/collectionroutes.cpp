#include "backend/server/collectionroutes.h"

#include <QJsonArray>
#include <QJsonObject>

#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/market/nseuniverse.h"
#include "backend/repo/collectionrepository.h"
#include "backend/repo/watchlistrepository.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/routesupport.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

using repo::Collection;
using repo::CollectionRepository;
using repo::WatchlistItem;
using repo::WatchlistRepository;

constexpr int kMaxNameLength = 50;

http::ApiError invalid(const QString &message)
{
    return http::ApiError(400, QStringLiteral("INVALID_REQUEST"), message);
}

http::ApiError collectionNotFound(qint64 id, const QString &what = QStringLiteral("Collection"))
{
    return http::ApiError(
        404, QStringLiteral("COLLECTION_NOT_FOUND"), QStringLiteral("%1 %2 not found").arg(what).arg(id));
}

QJsonValue idJson(qint64 id)
{
    return id == 0 ? QJsonValue() : QJsonValue(id);
}

qint64 pathId(const http::HttpRequest &request)
{
    bool ok = false;
    const qint64 id = request.pathParam(QStringLiteral("id")).toLongLong(&ok);
    if (!ok || id <= 0) // Flask's <int:id> does not match: 404
        throw http::ApiError::notFound(QStringLiteral("Resource not found"));
    return id;
}

// A collection id from a body: null or absent is Default (0); an unknown id is 404.
qint64 collectionIdFrom(db::Database &db, const QJsonValue &value, const QString &field, const QString &what)
{
    if (value.isUndefined() || value.isNull())
        return 0;
    const auto id = jsonInt(value);
    if (!id)
        throw invalid(QStringLiteral("'%1' must be a collection id or null").arg(field));
    std::optional<Collection> found;
    throwIfFailed(CollectionRepository(db).get(*id, &found));
    if (!found)
        throw collectionNotFound(*id, what);
    return *id;
}

http::HttpResponse listCollections(db::Database &db)
{
    QList<Collection> collections;
    throwIfFailed(CollectionRepository(db).list(&collections));
    QList<WatchlistItem> defaults;
    WatchlistRepository::Filter filter;
    filter.kind = WatchlistRepository::Filter::Kind::Default;
    throwIfFailed(WatchlistRepository(db).list(filter, &defaults));
    QJsonArray rows {QJsonObject {{QStringLiteral("id"), QJsonValue()},
        {QStringLiteral("name"), QStringLiteral("Default")},
        {QStringLiteral("description"), QStringLiteral("Default watchlist")},
        {QStringLiteral("created_at"), QJsonValue()}, {QStringLiteral("stock_count"), defaults.size()}}};
    for (const Collection &c : collections)
        rows.append(QJsonObject {{QStringLiteral("id"), c.id}, {QStringLiteral("name"), c.name},
            {QStringLiteral("description"), nullableText(c.description)},
            {QStringLiteral("created_at"), nullableText(c.createdAt)},
            {QStringLiteral("stock_count"), c.stockCount}});
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("collections"), rows}, {QStringLiteral("count"), rows.size()}});
}

http::HttpResponse createCollection(db::Database &db, const http::HttpRequest &request)
{
    const QJsonObject body = bodyObject(request);
    const QJsonValue nameValue = body.value(QStringLiteral("name"));
    if (!nameValue.isUndefined() && !nameValue.isNull() && !nameValue.isString())
        throw invalid(QStringLiteral("Collection name must be a string"));
    const QString name = nameValue.toString().trimmed();
    if (name.isEmpty())
        throw invalid(QStringLiteral("Collection name is required"));
    if (name.size() > kMaxNameLength)
        throw invalid(QStringLiteral("Collection name must be 50 characters or less"));
    const QJsonValue descriptionValue = body.value(QStringLiteral("description"));
    if (!descriptionValue.isUndefined() && !descriptionValue.isNull() && !descriptionValue.isString())
        throw invalid(QStringLiteral("Collection description must be a string"));
    const QString description = descriptionValue.toString().trimmed(); // missing: "" (spec bug 15)

    const http::ApiError duplicate(409, QStringLiteral("COLLECTION_DUPLICATE"),
        QStringLiteral("A collection named '%1' already exists").arg(name));
    CollectionRepository repository(db);
    std::optional<Collection> existing;
    throwIfFailed(repository.findByName(name, &existing));
    if (existing)
        throw duplicate;
    Collection created;
    created.name = name;
    created.description = description;
    if (db::DbError e = repository.insert(&created)) {
        if (e.kind == db::DbError::Kind::UniqueViolation)
            throw duplicate;
        throw toApiError(e);
    }
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("id"), created.id}, {QStringLiteral("name"), name},
            {QStringLiteral("description"), description},
            {QStringLiteral("created_at"), nullableText(created.createdAt)},
            {QStringLiteral("message"), QStringLiteral("Collection created successfully")}},
        201);
}

http::HttpResponse deleteCollection(db::Database &db, const http::HttpRequest &request)
{
    const qint64 id = pathId(request);
    std::optional<Collection> removed;
    int moved = 0;
    int merged = 0;
    throwIfFailed(CollectionRepository(db).removeMovingToDefault(id, &removed, &moved, &merged));
    if (!removed)
        throw collectionNotFound(id);
    return http::HttpResponse::json(QJsonObject {
        {QStringLiteral("message"),
            QStringLiteral("Collection '%1' deleted. Stocks moved to Default.").arg(removed->name)},
        {QStringLiteral("collection_id"), id}, {QStringLiteral("moved_count"), moved},
        {QStringLiteral("merged_count"), merged}});
}

http::HttpResponse collectionStocks(db::Database &db, const http::HttpRequest &request)
{
    const qint64 id = pathId(request);
    WatchlistRepository::Filter filter;
    filter.kind = WatchlistRepository::Filter::Kind::Collection;
    filter.collectionId = id;
    QList<WatchlistItem> items;
    throwIfFailed(WatchlistRepository(db).list(filter, &items));
    QJsonArray rows;
    for (const WatchlistItem &item : items)
        rows.append(QJsonObject {{QStringLiteral("id"), item.id}, {QStringLiteral("ticker"), item.ticker},
            {QStringLiteral("name"), nullableText(item.name)},
            {QStringLiteral("created_at"), nullableText(item.createdAt)}});
    return http::HttpResponse::json(QJsonObject {{QStringLiteral("stocks"), rows},
        {QStringLiteral("count"), rows.size()}, {QStringLiteral("collection_id"), id}});
}

http::HttpResponse addStocks(db::Database &db, const http::HttpRequest &request)
{
    const QJsonObject body = bodyObject(request);
    const QJsonValue stocksValue = body.value(QStringLiteral("stocks"));
    if (!stocksValue.isUndefined() && !stocksValue.isNull() && !stocksValue.isArray())
        throw invalid(QStringLiteral("'stocks' must be a list"));
    const QJsonArray stocks = stocksValue.toArray();
    if (stocks.isEmpty())
        throw invalid(QStringLiteral("No stocks provided"));
    const qint64 collectionId = collectionIdFrom(db, body.value(QStringLiteral("collection_id")),
        QStringLiteral("collection_id"), QStringLiteral("Collection"));

    WatchlistRepository repository(db);
    WatchlistRepository::Filter here;
    here.kind = collectionId == 0 ? WatchlistRepository::Filter::Kind::Default
                                  : WatchlistRepository::Filter::Kind::Collection;
    here.collectionId = collectionId;
    QJsonArray added;
    QJsonArray addedIds;
    QJsonArray skipped;
    for (const QJsonValue &entry : stocks) {
        QString symbol;
        QString name;
        if (entry.isString()) {
            symbol = entry.toString();
        } else if (entry.isObject()) {
            symbol = entry.toObject().value(QStringLiteral("symbol")).toString();
            name = entry.toObject().value(QStringLiteral("name")).toString().trimmed();
        }
        const QString ticker = normalizeTicker(symbol);
        if (ticker.isEmpty())
            continue; // blanks are skipped silently, as the original does
        if (!isValidTicker(ticker)) {
            skipped.append(ticker);
            continue;
        }
        std::optional<WatchlistItem> existing;
        throwIfFailed(repository.findTicker(ticker, here, &existing));
        if (existing) {
            skipped.append(ticker);
            continue;
        }
        if (name.isEmpty()) {
            const market::NseStock *known = market::NseUniverse::bundled().find(ticker);
            name = known ? known->name : QString();
        }
        WatchlistItem item;
        item.ticker = ticker;
        item.name = name;
        item.collectionId = collectionId;
        if (db::DbError e = repository.insert(&item)) {
            if (e.kind != db::DbError::Kind::UniqueViolation)
                throw toApiError(e);
            skipped.append(ticker); // added concurrently
            continue;
        }
        added.append(ticker);
        addedIds.append(item.id);
    }
    return http::HttpResponse::json(
        QJsonObject {
            {QStringLiteral("message"), QStringLiteral("Added %1 stocks to watchlist").arg(added.size())},
            {QStringLiteral("added"), added}, {QStringLiteral("added_ids"), addedIds},
            {QStringLiteral("skipped"), skipped}, {QStringLiteral("collection_id"), idJson(collectionId)}},
        201);
}

http::HttpResponse moveStocks(db::Database &db, const http::HttpRequest &request)
{
    const QJsonObject body = bodyObject(request);
    const QJsonValue idsValue = body.value(QStringLiteral("stock_ids"));
    if (!idsValue.isUndefined() && !idsValue.isNull() && !idsValue.isArray())
        throw invalid(QStringLiteral("'stock_ids' must be a list"));
    const QJsonArray idArray = idsValue.toArray();
    if (idArray.isEmpty())
        throw invalid(QStringLiteral("No stock IDs provided"));
    QList<qint64> ids;
    for (const QJsonValue &value : idArray) {
        const auto id = jsonInt(value);
        if (!id)
            throw invalid(QStringLiteral("'stock_ids' must hold whole numbers"));
        if (!ids.contains(*id))
            ids.append(*id);
    }
    const qint64 target = collectionIdFrom(db, body.value(QStringLiteral("target_collection_id")),
        QStringLiteral("target_collection_id"), QStringLiteral("Target collection"));
    WatchlistRepository::MoveOutcome outcome;
    throwIfFailed(WatchlistRepository(db).moveTo(ids, target, &outcome));
    auto toArray = [](const QList<qint64> &list) {
        QJsonArray out;
        for (const qint64 id : list)
            out.append(id);
        return out;
    };
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("message"), QStringLiteral("Moved %1 stocks").arg(outcome.moved.size())},
            {QStringLiteral("target_collection_id"), idJson(target)},
            {QStringLiteral("moved_count"), outcome.moved.size()},
            {QStringLiteral("moved_ids"), toArray(outcome.moved)},
            {QStringLiteral("skipped_ids"), toArray(outcome.skipped)},
            {QStringLiteral("not_found_ids"), toArray(outcome.notFound)}});
}

} // namespace

void addCollectionRoutes(http::Router &router, const ServerContext &context)
{
    db::Database *db = &context.database;
    const http::Access read = http::Access::needs(http::Scope::Read);
    const http::Access change = http::Access::needs(http::Scope::Analyze);
    const QString base = QStringLiteral("/api/watchlist-collections");

    router.add(
        "GET", base, [db](const http::HttpRequest &) { return listCollections(*db); }, read);
    router.add(
        "POST", base, [db](const http::HttpRequest &request) { return createCollection(*db, request); },
        change);
    router.add(
        "DELETE", base + QStringLiteral("/{id}"),
        [db](const http::HttpRequest &request) { return deleteCollection(*db, request); }, change);
    router.add(
        "GET", base + QStringLiteral("/{id}/stocks"),
        [db](const http::HttpRequest &request) { return collectionStocks(*db, request); }, read);
    router.add(
        "POST", base + QStringLiteral("/add-stocks"),
        [db](const http::HttpRequest &request) { return addStocks(*db, request); }, change);
    router.add(
        "POST", base + QStringLiteral("/move-stocks"),
        [db](const http::HttpRequest &request) { return moveStocks(*db, request); }, change);
}

} // namespace thetool::server
