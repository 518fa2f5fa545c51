#include "backend/repo/apikeyrepository.h"

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

namespace {

const QString selectColumns = QStringLiteral("SELECT id, key_hash, name, permissions, created_at, "
                                             "revoked_at, last_used_at, created_by FROM api_keys ");

ApiKeyRecord readRecord(const QSqlQuery &row)
{
    ApiKeyRecord r;
    r.id = row.value(0).toLongLong();
    r.keyHash = row.value(1).toString();
    r.name = row.value(2).toString();
    r.permissions = row.value(3).toString();
    r.createdAt = timestampText(row.value(4));
    r.revokedAt = timestampText(row.value(5));
    r.lastUsedAt = timestampText(row.value(6));
    r.createdBy = row.value(7).toString();
    return r;
}

} // namespace

db::DbError ApiKeyRepository::insertIn(QSqlQuery &query, ApiKeyRecord *record)
{
    return execBound(m_database, query,
        QStringLiteral("INSERT INTO api_keys (key_hash, name, permissions, created_by) VALUES (?, ?, ?, ?) "
                       "RETURNING id, created_at"),
        {text(record->keyHash), text(record->name), text(record->permissions), text(record->createdBy)},
        [record](const QSqlQuery &row) {
            record->id = row.value(0).toLongLong();
            record->createdAt = timestampText(row.value(1));
        });
}

db::DbError ApiKeyRepository::insert(ApiKeyRecord *record)
{
    return m_database.run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        return insertIn(query, record);
    });
}

db::DbError ApiKeyRepository::findActiveByHash(const QString &keyHash, std::optional<ApiKeyRecord> *out)
{
    out->reset();
    return runBound(
        m_database, selectColumns + QStringLiteral("WHERE key_hash = ? AND revoked_at IS NULL"),
        {text(keyHash)}, [out](const QSqlQuery &row) { *out = readRecord(row); },
        db::Database::Retry::Idempotent);
}

db::DbError ApiKeyRepository::findByIdIn(QSqlQuery &query, qint64 id, std::optional<ApiKeyRecord> *out)
{
    out->reset();
    return execBound(m_database, query, selectColumns + QStringLiteral("WHERE id = ?"), {id},
        [out](const QSqlQuery &row) { *out = readRecord(row); });
}

db::DbError ApiKeyRepository::findById(qint64 id, std::optional<ApiKeyRecord> *out)
{
    return m_database.run(
        [&](QSqlDatabase &connection) {
            QSqlQuery query(connection);
            return findByIdIn(query, id, out);
        },
        db::Database::Retry::Idempotent);
}

db::DbError ApiKeyRepository::list(QList<ApiKeyRecord> *out)
{
    out->clear();
    return runBound(
        m_database, selectColumns + QStringLiteral("ORDER BY id"), {},
        [out](const QSqlQuery &row) { out->append(readRecord(row)); }, db::Database::Retry::Idempotent);
}

db::DbError ApiKeyRepository::revokeIn(QSqlQuery &query, qint64 id, bool *changed)
{
    *changed = false;
    if (db::DbError e = execBound(m_database, query,
            QStringLiteral("UPDATE api_keys SET revoked_at = %1 WHERE id = ? AND revoked_at IS NULL")
                .arg(nowSql(m_database.dialect())),
            {id}))
        return e;
    *changed = query.numRowsAffected() > 0;
    return {};
}

db::DbError ApiKeyRepository::touchLastUsed(const QHash<qint64, QString> &lastUsed)
{
    if (lastUsed.isEmpty())
        return {};
    return inTransaction(m_database, [&](QSqlQuery &query) -> db::DbError {
        for (auto it = lastUsed.cbegin(); it != lastUsed.cend(); ++it) {
            // Another instance may have written a later time already.
            if (db::DbError e = execBound(m_database, query,
                    QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE id = ? "
                                   "AND (last_used_at IS NULL OR last_used_at < ?)"),
                    {it.value(), it.key(), it.value()}))
                return e;
        }
        return {};
    });
}

} // namespace thetool::repo
