#pragma once

#include <QHash>
#include <QList>
#include <QSqlQuery>
#include <QString>

#include <optional>

#include "backend/db/database.h"

namespace thetool::repo {

// A row of api_keys. `keyHash` is the hex SHA-256 of the key; the key itself is never stored.
struct ApiKeyRecord {
    qint64 id = 0;
    QString keyHash;
    QString name;
    QString permissions; // comma-separated scopes, e.g. "read,analyze"
    QString createdAt; // ISO 8601 UTC
    QString revokedAt; // null while active
    QString lastUsedAt; // null until first use (written in batches)
    QString createdBy;

    bool isRevoked() const { return !revokedAt.isNull(); }
};

class ApiKeyRepository
{
public:
    explicit ApiKeyRepository(db::Database &database)
        : m_database(database)
    { }

    db::Database &database() { return m_database; }

    // Inserts a key (hash, name, permissions, createdBy); sets record->id and createdAt.
    // A second key with the same hash, or an active key of the same name → UniqueViolation.
    db::DbError insertIn(QSqlQuery &query, ApiKeyRecord *record);
    db::DbError insert(ApiKeyRecord *record);

    // The key with this hash if it exists and is not revoked.
    db::DbError findActiveByHash(const QString &keyHash, std::optional<ApiKeyRecord> *out);
    db::DbError findById(qint64 id, std::optional<ApiKeyRecord> *out);
    db::DbError findByIdIn(QSqlQuery &query, qint64 id, std::optional<ApiKeyRecord> *out);
    // Every key, oldest first, revoked ones included.
    db::DbError list(QList<ApiKeyRecord> *out);

    // Sets revoked_at to now when still active; *changed tells whether it was.
    db::DbError revokeIn(QSqlQuery &query, qint64 id, bool *changed);

    // One batch of last-use times (id → ISO 8601 UTC), in one transaction; a later time
    // never goes backwards.
    db::DbError touchLastUsed(const QHash<qint64, QString> &lastUsed);

private:
    db::Database &m_database;
};

} // namespace thetool::repo
