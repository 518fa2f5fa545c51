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

} // namespace thetool::repo
