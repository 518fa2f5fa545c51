#include "backend/repo/watchlistrepository.h"

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

namespace {

const QString columns =
    QStringLiteral("SELECT id, ticker, name, user_id, collection_id, created_at, last_job_id, "
                   "last_analyzed_at, last_status, notes FROM watchlist ");

WatchlistItem readItem(const QSqlQuery &row)
{
    WatchlistItem i;
    i.id = row.value(0).toLongLong();
    i.ticker = row.value(1).toString();
    i.name = row.value(2).toString();
    i.userId = row.value(3).toLongLong();
    i.collectionId = row.value(4).isNull() ? 0 : row.value(4).toLongLong();
    i.createdAt = timestampText(row.value(5));
    i.lastJobId = row.value(6).toString();
    i.lastAnalyzedAt = timestampText(row.value(7));
    i.lastStatus = row.value(8).toString();
    i.notes = row.value(9).toString();
    return i;
}

} // namespace

db::DbError WatchlistRepository::insert(WatchlistItem *item)
{
    return runBound(m_database,
        QStringLiteral(
            "INSERT INTO watchlist (ticker, name, user_id, collection_id, last_job_id, last_analyzed_at, "
            "last_status, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, created_at"),
        {text(item->ticker), text(item->name), item->userId,
            nullableInt(item->collectionId != 0, item->collectionId), text(item->lastJobId),
            text(item->lastAnalyzedAt), text(item->lastStatus), text(item->notes)},
        [item](const QSqlQuery &row) {
            item->id = row.value(0).toLongLong();
            item->createdAt = timestampText(row.value(1));
        });
}

db::DbError WatchlistRepository::get(qint64 id, std::optional<WatchlistItem> *out)
{
    out->reset();
    return runBound(
        m_database, columns + QStringLiteral("WHERE id = ?"), {id},
        [out](const QSqlQuery &row) { *out = readItem(row); }, db::Database::Retry::Idempotent);
}

db::DbError WatchlistRepository::list(const Filter &filter, QList<WatchlistItem> *out)
{
    out->clear();
    QString where;
    QVariantList binds;
    if (filter.kind == Filter::Kind::Default) {
        where = QStringLiteral("WHERE collection_id IS NULL ");
    } else if (filter.kind == Filter::Kind::Collection) {
        where = QStringLiteral("WHERE collection_id = ? ");
        binds.append(filter.collectionId);
    }
    return runBound(
        m_database, columns + where + QStringLiteral("ORDER BY created_at DESC, id DESC"), binds,
        [out](const QSqlQuery &row) { out->append(readItem(row)); }, db::Database::Retry::Idempotent);
}

db::DbError WatchlistRepository::remove(qint64 id, bool *removed)
{
    *removed = false;
    return m_database.run([&](QSqlDatabase &connection) -> db::DbError {
        QSqlQuery query(connection);
        if (db::DbError e =
                execBound(m_database, query, QStringLiteral("DELETE FROM watchlist WHERE id = ?"), {id}))
            return e;
        *removed = query.numRowsAffected() > 0;
        return {};
    });
}

db::DbError WatchlistRepository::removeTicker(const QString &ticker, int *removed)
{
    *removed = 0;
    return m_database.run([&](QSqlDatabase &connection) -> db::DbError {
        QSqlQuery query(connection);
        if (db::DbError e = execBound(m_database, query,
                QStringLiteral("DELETE FROM watchlist WHERE LOWER(ticker) = LOWER(?)"), {text(ticker)}))
            return e;
        *removed = query.numRowsAffected();
        return {};
    });
}

} // namespace thetool::repo
