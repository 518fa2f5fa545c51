#include "backend/repo/auditrepository.h"

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

db::DbError AuditRepository::recordAdminActionIn(QSqlQuery &query, const AdminAuditEntry &entry, qint64 *id)
{
    return execBound(m_database, query,
        QStringLiteral("INSERT INTO admin_audit (actor, action, target, details, request_id, client_address) "
                       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
        {text(entry.actor), text(entry.action), text(entry.target), text(entry.details),
            text(entry.requestId), text(entry.clientAddress)},
        [id](const QSqlQuery &row) {
            if (id)
                *id = row.value(0).toLongLong();
        });
}

db::DbError AuditRepository::recordAdminAction(const AdminAuditEntry &entry, qint64 *id)
{
    return m_database.run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        return recordAdminActionIn(query, entry, id);
    });
}

db::DbError AuditRepository::recordKeyEventIn(QSqlQuery &query, const KeyAuditEntry &entry, qint64 *id)
{
    return execBound(m_database, query,
        QStringLiteral("INSERT INTO api_key_audit (key_hash, action, details) VALUES (?, ?, ?) RETURNING id"),
        {text(entry.keyHash), text(entry.action), text(entry.details)}, [id](const QSqlQuery &row) {
            if (id)
                *id = row.value(0).toLongLong();
        });
}

db::DbError AuditRepository::recordKeyEvent(const KeyAuditEntry &entry, qint64 *id)
{
    return m_database.run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        return recordKeyEventIn(query, entry, id);
    });
}

db::DbError AuditRepository::listAdminActions(int limit, QList<AdminAuditEntry> *out)
{
    out->clear();
    return runBound(
        m_database,
        QStringLiteral("SELECT id, created_at, actor, action, target, details, request_id, client_address "
                       "FROM admin_audit ORDER BY created_at DESC, id DESC LIMIT ?"),
        {qMax(0, limit)},
        [out](const QSqlQuery &row) {
            AdminAuditEntry e;
            e.id = row.value(0).toLongLong();
            e.createdAt = timestampText(row.value(1));
            e.actor = row.value(2).toString();
            e.action = row.value(3).toString();
            e.target = row.value(4).toString();
            e.details = row.value(5).toString();
            e.requestId = row.value(6).toString();
            e.clientAddress = row.value(7).toString();
            out->append(e);
        },
        db::Database::Retry::Idempotent);
}

db::DbError AuditRepository::listAdminActionsBefore(
    qint64 beforeId, const QString &action, int limit, QList<AdminAuditEntry> *out)
{
    out->clear();
    return runBound(
        m_database,
        QStringLiteral(
            "SELECT id, created_at, actor, action, target, details, request_id, client_address "
            "FROM admin_audit WHERE (? = 0 OR id < ?) AND (? = '' OR action = ?) ORDER BY id DESC LIMIT ?"),
        {beforeId, beforeId, action.isNull() ? QString(QLatin1String("")) : action,
            action.isNull() ? QString(QLatin1String("")) : action, qMax(0, limit)},
        [out](const QSqlQuery &row) {
            AdminAuditEntry e;
            e.id = row.value(0).toLongLong();
            e.createdAt = timestampText(row.value(1));
            e.actor = row.value(2).toString();
            e.action = row.value(3).toString();
            e.target = row.value(4).toString();
            e.details = row.value(5).toString();
            e.requestId = row.value(6).toString();
            e.clientAddress = row.value(7).toString();
            out->append(e);
        },
        db::Database::Retry::Idempotent);
}

db::DbError AuditRepository::listKeyEvents(const QString &keyHash, QList<KeyAuditEntry> *out)
{
    out->clear();
    return runBound(
        m_database,
        QStringLiteral("SELECT id, key_hash, action, details, created_at FROM api_key_audit "
                       "WHERE key_hash = ? ORDER BY id"),
        {text(keyHash)},
        [out](const QSqlQuery &row) {
            KeyAuditEntry e;
            e.id = row.value(0).toLongLong();
            e.keyHash = row.value(1).toString();
            e.action = row.value(2).toString();
            e.details = row.value(3).toString();
            e.createdAt = timestampText(row.value(4));
            out->append(e);
        },
        db::Database::Retry::Idempotent);
}

} // namespace thetool::repo
