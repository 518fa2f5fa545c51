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

private:
    db::Database &m_database;
};

} // namespace thetool::repo
