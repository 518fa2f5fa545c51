#include "backend/repo/collectionrepository.h"

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

db::DbError CollectionRepository::insert(Collection *c)
{
    return runBound(m_database,
        QStringLiteral("INSERT INTO watchlist_collections (name, description, user_id) VALUES (?, ?, ?) "
                       "RETURNING id, created_at"),
        {text(c->name), text(c->description), c->userId}, [c](const QSqlQuery &row) {
            c->id = row.value(0).toLongLong();
            c->createdAt = timestampText(row.value(1));
        });
}

db::DbError CollectionRepository::get(qint64 id, std::optional<Collection> *out)
{
    out->reset();
    return runBound(
        m_database,
        QStringLiteral("SELECT c.id, c.name, c.description, c.user_id, c.created_at, "
                       "(SELECT COUNT(*) FROM watchlist w WHERE w.collection_id = c.id) "
                       "FROM watchlist_collections c WHERE c.id = ?"),
        {id},
        [out](const QSqlQuery &row) {
            *out = Collection {row.value(0).toLongLong(), row.value(1).toString(), row.value(2).toString(),
                row.value(3).toLongLong(), timestampText(row.value(4)), row.value(5).toLongLong()};
        },
        db::Database::Retry::Idempotent);
}

db::DbError CollectionRepository::list(QList<Collection> *out)
{
    out->clear();
    return runBound(
        m_database,
        QStringLiteral("SELECT c.id, c.name, c.description, c.user_id, c.created_at, "
                       "(SELECT COUNT(*) FROM watchlist w WHERE w.collection_id = c.id) "
                       "FROM watchlist_collections c ORDER BY c.name, c.id"),
        {},
        [out](const QSqlQuery &row) {
            out->append(
                Collection {row.value(0).toLongLong(), row.value(1).toString(), row.value(2).toString(),
                    row.value(3).toLongLong(), timestampText(row.value(4)), row.value(5).toLongLong()});
        },
        db::Database::Retry::Idempotent);
}

db::DbError CollectionRepository::remove(qint64 id, bool *removed)
{
    *removed = false;
    return m_database.run([&](QSqlDatabase &connection) -> db::DbError {
        QSqlQuery query(connection);
        if (db::DbError e = execBound(
                m_database, query, QStringLiteral("DELETE FROM watchlist_collections WHERE id = ?"), {id}))
            return e;
        *removed = query.numRowsAffected() > 0;
        return {};
    });
}

db::DbError CollectionRepository::findByName(const QString &name, std::optional<Collection> *out)
{
    out->reset();
    return runBound(
        m_database,
        QStringLiteral("SELECT c.id, c.name, c.description, c.user_id, c.created_at, "
                       "(SELECT COUNT(*) FROM watchlist w WHERE w.collection_id = c.id) "
                       "FROM watchlist_collections c WHERE LOWER(c.name) = LOWER(?) ORDER BY c.id LIMIT 1"),
        {text(name)},
        [out](const QSqlQuery &row) {
            *out = Collection {row.value(0).toLongLong(), row.value(1).toString(), row.value(2).toString(),
                row.value(3).toLongLong(), timestampText(row.value(4)), row.value(5).toLongLong()};
        },
        db::Database::Retry::Idempotent);
}

db::DbError CollectionRepository::removeMovingToDefault(
    qint64 id, std::optional<Collection> *removed, int *moved, int *merged)
{
    removed->reset();
    *moved = 0;
    *merged = 0;
    return inTransaction(m_database, [&](QSqlQuery &query) -> db::DbError {
        std::optional<Collection> found;
        if (db::DbError e = execBound(m_database, query,
                QStringLiteral("SELECT id, name, description, user_id, created_at FROM watchlist_collections "
                               "WHERE id = ?"),
                {id}, [&](const QSqlQuery &row) {
                    found = Collection {row.value(0).toLongLong(), row.value(1).toString(),
                        row.value(2).toString(), row.value(3).toLongLong(), timestampText(row.value(4)), 0};
                }))
            return e;
        if (!found)
            return {};
        // The original's plain UPDATE failed on the unique index when Default already held
        // a ticker; that row is the stock in Default already, so this one is dropped.
        if (db::DbError e = execBound(m_database, query,
                QStringLiteral("DELETE FROM watchlist WHERE collection_id = ? AND LOWER(ticker) IN "
                               "(SELECT LOWER(ticker) FROM watchlist WHERE collection_id IS NULL)"),
                {id}))
            return e;
        const int mergedRows = query.numRowsAffected();
        if (db::DbError e = execBound(m_database, query,
                QStringLiteral("UPDATE watchlist SET collection_id = NULL WHERE collection_id = ?"), {id}))
            return e;
        const int movedRows = query.numRowsAffected();
        if (db::DbError e = execBound(
                m_database, query, QStringLiteral("DELETE FROM watchlist_collections WHERE id = ?"), {id}))
            return e;
        *removed = found;
        *moved = movedRows;
        *merged = mergedRows;
        return {};
    });
}

} // namespace thetool::repo
