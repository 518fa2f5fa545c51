#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "backend/db/database.h"
#include "backend/repo/apikeyrepository.h"
#include "backend/security/scope.h"

namespace thetool::security {

// Who performs an admin action, for the audit rows.
struct AuditContext {
    QString actor; // "key:<id> (<name>)", "master", "cli:<user>"
    QString requestId;
    QString clientAddress;
};

// A key just created: `key` is the only copy of the secret and is shown once.
struct NewApiKey {
    QString key;
    repo::ApiKeyRecord record;
};

// Creating, listing and revoking database API keys (DESIGN.md "Security"), shared by the
// command line and the admin routes. Each create/revoke writes its api_key_audit row and
// its admin_audit row in the same transaction as the change.
class ApiKeyManager
{
public:
    enum class RevokeOutcome { Revoked, NotFound, AlreadyRevoked };

    explicit ApiKeyManager(db::Database &database)
        : m_database(database)
    { }

    // "tt_" + 43 base64url characters of 32 bytes from the system CSPRNG.
    static QString generateKey();
    // The stored form: hex SHA-256.
    static QString hashHex(const QString &key);
    // Validates scope names ("read", "analyze", "admin"; at least one) into the stored
    // comma-separated form, narrowest first. Returns an error text, or empty.
    static QString normalizeScopes(const QStringList &names, QString *permissions);
    // The widest scope a stored permissions string grants; nullopt when it names none.
    static std::optional<Scope> widestScope(const QString &permissions);
    // A name is 1..100 characters after trimming, without control characters.
    static QString validateName(const QString &name);

    db::DbError create(
        const QString &name, const QString &permissions, const AuditContext &context, NewApiKey *out);
    db::DbError list(QList<repo::ApiKeyRecord> *out);
    db::DbError revoke(
        qint64 id, const AuditContext &context, RevokeOutcome *outcome, repo::ApiKeyRecord *after = nullptr);

private:
    db::Database &m_database;
};

} // namespace thetool::security
