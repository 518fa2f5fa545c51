#include "client/api/watchlistpage.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

namespace {
std::optional<qint64> optionalId(const QJsonObject &object)
{
    const QJsonValue v = object.value(QStringLiteral("collection_id"));
    if (v.isDouble())
        return v.toInteger();
    return std::nullopt;
}
} // namespace

std::optional<WatchlistItem> WatchlistItem::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("watchlist item"));
    WatchlistItem w;
    w.id = r.requiredInteger(QStringLiteral("id"));
    w.ticker = r.string(QStringLiteral("ticker"));
    if (w.ticker.isEmpty())
        w.ticker = r.requiredString(QStringLiteral("symbol"));
    w.name = r.string(QStringLiteral("name"));
    w.createdAt = r.time(QStringLiteral("created_at"));
    w.collectionId = optionalId(object);
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return w;
}

std::optional<WatchlistPage> WatchlistPage::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("watchlist"));
    WatchlistPage page;
    page.count = int(r.requiredInteger(QStringLiteral("count")));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("watchlist"))) {
        QString why;
        const auto item = WatchlistItem::fromJson(v.toObject(), &why);
        if (!item) {
            r.fail(why);
            break;
        }
        page.items.append(*item);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return page;
}

std::optional<WatchlistCollection> WatchlistCollection::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("collection"));
    WatchlistCollection c;
    if (object.value(QStringLiteral("id")).isDouble())
        c.id = r.integer(QStringLiteral("id"));
    else if (!object.contains(QStringLiteral("id")))
        r.fail(QStringLiteral("missing field 'id'"));
    c.name = r.requiredString(QStringLiteral("name"));
    c.description = r.string(QStringLiteral("description"));
    c.createdAt = r.time(QStringLiteral("created_at"));
    c.stockCount = int(r.integer(QStringLiteral("stock_count")));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return c;
}

std::optional<CollectionList> CollectionList::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("collections"));
    CollectionList list;
    list.count = int(r.requiredInteger(QStringLiteral("count")));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("collections"))) {
        QString why;
        const auto c = WatchlistCollection::fromJson(v.toObject(), &why);
        if (!c) {
            r.fail(why);
            break;
        }
        list.collections.append(*c);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return list;
}

} // namespace thetool::client
