#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "backend/db/database.h"

namespace thetool::repo {

// A row of watchlist_collections; `stockCount` is filled by list().
struct Collection {
    qint64 id = 0;
    QString name;
    QString description;
    qint64 userId = 1;
    QString createdAt;
    qint64 stockCount = 0;
};

class CollectionRepository
{
public:
    explicit CollectionRepository(db::Database &database)
        : m_database(database)
    { }

    // A second collection of the same name → UniqueViolation.
    db::DbError insert(Collection *collection);
    db::DbError get(qint64 id, std::optional<Collection> *out);
    // Sorted by name, each with its number of stocks.
    db::DbError list(QList<Collection> *out);
    // Deletes the collection; its stocks fall back to Default (ON DELETE SET NULL), which
    // is a UniqueViolation when Default already holds one of them.
    db::DbError remove(qint64 id, bool *removed);
    // The collection named `name`, compared case-insensitively.
    db::DbError findByName(const QString &name, std::optional<Collection> *out);
    // Deletes the collection in one transaction and moves its stocks to Default; a stock
    // Default already holds (case-insensitive) is merged into that row rather than
    // duplicated. `removed` is the deleted collection, empty when there was none;
    // `moved` counts the rows now in Default, `merged` those dropped as duplicates.
    db::DbError removeMovingToDefault(qint64 id, std::optional<Collection> *removed, int *moved, int *merged);

private:
    db::Database &m_database;
};

} // namespace thetool::repo
