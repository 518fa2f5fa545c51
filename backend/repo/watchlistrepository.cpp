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

db::DbError WatchlistRepository::findTicker(
    const QString &ticker, const Filter &filter, std::optional<WatchlistItem> *out)
{
    out->reset();
    QString where = QStringLiteral("WHERE LOWER(ticker) = LOWER(?) ");
    QVariantList binds {text(ticker)};
    if (filter.kind == Filter::Kind::Default) {
        where += QStringLiteral("AND collection_id IS NULL ");
    } else if (filter.kind == Filter::Kind::Collection) {
        where += QStringLiteral("AND collection_id = ? ");
        binds.append(filter.collectionId);
    }
    return runBound(
        m_database, columns + where + QStringLiteral("ORDER BY id LIMIT 1"), binds,
        [out](const QSqlQuery &row) { *out = readItem(row); }, db::Database::Retry::Idempotent);
}

db::DbError WatchlistRepository::moveTo(
    const QList<qint64> &ids, qint64 targetCollectionId, MoveOutcome *outcome)
{
    *outcome = {};
    const QVariant target = nullableInt(targetCollectionId != 0, targetCollectionId);
    return inTransaction(m_database, [&](QSqlQuery &query) -> db::DbError {
        MoveOutcome result;
        for (const qint64 id : ids) {
            QString ticker;
            bool found = false;
            if (db::DbError e =
                    execBound(m_database, query, QStringLiteral("SELECT ticker FROM watchlist WHERE id = ?"),
                        {id}, [&](const QSqlQuery &row) {
                            ticker = row.value(0).toString();
                            found = true;
                        }))
                return e;
            if (!found) {
                result.notFound.append(id);
                continue;
            }
            // COALESCE(.., -1) is how the unique index spells "same collection" with NULLs.
            bool clash = false;
            if (db::DbError e = execBound(m_database, query,
                    QStringLiteral("SELECT id FROM watchlist WHERE LOWER(ticker) = LOWER(?) AND id <> ? AND "
                                   "COALESCE(collection_id, -1) = COALESCE(?, -1)"),
                    {ticker, id, target}, [&](const QSqlQuery &) { clash = true; }))
                return e;
            if (clash) {
                result.skipped.append(id);
                continue;
            }
            if (db::DbError e = execBound(m_database, query,
                    QStringLiteral("UPDATE watchlist SET collection_id = ? WHERE id = ?"), {target, id}))
                return e;
            result.moved.append(id);
        }
        *outcome = std::move(result);
        return {};
    });
}

db::DbError WatchlistRepository::removeDuplicateTickers(int *deleted)
{
    *deleted = 0;
    return m_database.run([&](QSqlDatabase &connection) -> db::DbError {
        QSqlQuery query(connection);
        if (db::DbError e = execBound(m_database, query,
                QStringLiteral("DELETE FROM watchlist WHERE id NOT IN "
                               "(SELECT MIN(id) FROM watchlist GROUP BY LOWER(ticker))"),
                {}))
            return e;
        *deleted = query.numRowsAffected();
        return {};
    });
}

} // namespace thetool::repo
