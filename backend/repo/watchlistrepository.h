#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "backend/db/database.h"

namespace thetool::repo {

// A row of watchlist. `collectionId` 0 means Default (NULL in the table).
struct WatchlistItem {
    qint64 id = 0;
    QString ticker;
    QString name;
    qint64 userId = 1;
    qint64 collectionId = 0;
    QString createdAt;
    QString lastJobId;
    QString lastAnalyzedAt;
    QString lastStatus;
    QString notes;
};

class WatchlistRepository
{
public:
    // Which rows list() returns (spec §2.4: absent = all, null/default = Default).
    struct Filter {
        enum class Kind { All, Default, Collection } kind = Kind::All;
        qint64 collectionId = 0;
    };

    explicit WatchlistRepository(db::Database &database)
        : m_database(database)
    { }

    // The same ticker (case-insensitive) twice in one collection → UniqueViolation; an
    // unknown collection → ForeignKeyViolation. lastAnalyzedAt, when set, is ISO 8601 UTC.
    db::DbError insert(WatchlistItem *item);
    db::DbError get(qint64 id, std::optional<WatchlistItem> *out);
    // Newest first.
    db::DbError list(const Filter &filter, QList<WatchlistItem> *out);
    db::DbError remove(qint64 id, bool *removed);
    // Every case-insensitive match in every collection (spec §2.4 DELETE by symbol).
    db::DbError removeTicker(const QString &ticker, int *removed);
    // The first row holding `ticker` (case-insensitive) among the rows `filter` selects
    // (All: any collection).
    db::DbError findTicker(const QString &ticker, const Filter &filter, std::optional<WatchlistItem> *out);

    // What moveTo() did with each requested id.
    struct MoveOutcome {
        QList<qint64> moved;
        QList<qint64> skipped; // the target already holds that ticker: left where it was
        QList<qint64> notFound;
    };
    // Moves rows into collection `targetCollectionId` (0: Default) in one transaction,
    // keeping every ticker unique per collection.
    db::DbError moveTo(const QList<qint64> &ids, qint64 targetCollectionId, MoveOutcome *outcome);
    // Keeps the oldest row (lowest id) of each case-insensitive ticker, across collections
    // (the original's debug cleanup); `deleted` gets the number of rows removed.
    db::DbError removeDuplicateTickers(int *deleted);

private:
    db::Database &m_database;
};

} // namespace thetool::repo
