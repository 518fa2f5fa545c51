#pragma once

#include <QList>
#include <QSqlQuery>
#include <QString>

#include "backend/db/database.h"

namespace thetool::repo {

// One admin action: who did what to which thing (DESIGN.md "Security": key create/revoke,
// cleanup, backup, restore, vacuum). Never holds a secret.
struct AdminAuditEntry {
    qint64 id = 0;
    QString createdAt; // ISO 8601 UTC, set by the database
    QString actor; // the principal's key id and name, or "cli"
    QString action; // "api_key.create", "api_key.revoke", ...
    QString target;
    QString details; // JSON text
    QString requestId;
    QString clientAddress;
};

// A row of api_key_audit: an event in one key's life, by its hash.
struct KeyAuditEntry {
    qint64 id = 0;
    QString keyHash;
    QString action; // "created", "revoked"
    QString details;
    QString createdAt;
};

// admin_audit and api_key_audit. The `record*In` forms join a caller's transaction.
class AuditRepository
{
public:
    explicit AuditRepository(db::Database &database)
        : m_database(database)
    { }

    // The helper every admin action uses: one admin_audit row.
    db::DbError recordAdminAction(const AdminAuditEntry &entry, qint64 *id = nullptr);
    db::DbError recordAdminActionIn(QSqlQuery &query, const AdminAuditEntry &entry, qint64 *id = nullptr);
    db::DbError recordKeyEventIn(QSqlQuery &query, const KeyAuditEntry &entry, qint64 *id = nullptr);
    db::DbError recordKeyEvent(const KeyAuditEntry &entry, qint64 *id = nullptr);

    // Newest first, at most `limit` rows.
    db::DbError listAdminActions(int limit, QList<AdminAuditEntry> *out);
    // Keyset page, newest first: rows with id < `beforeId` (0: from the newest), optionally
    // of one action only.
    db::DbError listAdminActionsBefore(
        qint64 beforeId, const QString &action, int limit, QList<AdminAuditEntry> *out);
    db::DbError listKeyEvents(const QString &keyHash, QList<KeyAuditEntry> *out);

private:
    db::Database &m_database;
};

} // namespace thetool::repo
