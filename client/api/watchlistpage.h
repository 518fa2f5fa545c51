#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace thetool::client {

// One watchlist entry; collectionId empty means the Default list.
struct WatchlistItem {
    qint64 id = 0;
    QString ticker;
    QString name;
    QDateTime createdAt;
    std::optional<qint64> collectionId;

    // Also reads POST /api/watchlist's answer, which names the ticker `symbol`.
    static std::optional<WatchlistItem> fromJson(const QJsonObject &object, QString *error = nullptr);
};

// GET /api/watchlist.
struct WatchlistPage {
    QList<WatchlistItem> items;
    int count = 0;

    static std::optional<WatchlistPage> fromJson(const QJsonObject &object, QString *error = nullptr);
};

// One collection of GET /api/watchlist-collections (id empty: the Default list), or the
// answer of creating one.
struct WatchlistCollection {
    std::optional<qint64> id;
    QString name;
    QString description;
    QDateTime createdAt;
    int stockCount = 0;

    static std::optional<WatchlistCollection> fromJson(const QJsonObject &object, QString *error = nullptr);
};

struct CollectionList {
    QList<WatchlistCollection> collections;
    int count = 0;

    static std::optional<CollectionList> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
