#include "backend/security/apikeymanager.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include "backend/repo/auditrepository.h"
#include "backend/repo/sqlsupport.h"
#include "backend/security/authenticator.h"

namespace thetool::security {

namespace {

constexpr int maxNameLength = 100;

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

QString ApiKeyManager::generateKey()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return QStringLiteral("tt_")
        + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString ApiKeyManager::hashHex(const QString &key)
{
    return QString::fromLatin1(hashApiKey(key).toHex());
}

QString ApiKeyManager::normalizeScopes(const QStringList &names, QString *permissions)
{
    bool present[3] = {false, false, false};
    bool any = false;
    for (const QString &raw : names) {
        const QString name = raw.trimmed();
        if (name.isEmpty())
            continue;
        Scope scope = Scope::Read;
        if (!parseScope(name, &scope))
            return QStringLiteral("unknown scope '%1' (expected read, analyze or admin)").arg(name.left(40));
        present[static_cast<int>(scope)] = true;
        any = true;
    }
    if (!any)
        return QStringLiteral("at least one scope is required (read, analyze or admin)");
    QStringList ordered;
    for (Scope scope : {Scope::Read, Scope::Analyze, Scope::Admin}) {
        if (present[static_cast<int>(scope)])
            ordered.append(scopeName(scope));
    }
    *permissions = ordered.join(QLatin1Char(','));
    return {};
}

std::optional<Scope> ApiKeyManager::widestScope(const QString &permissions)
{
    std::optional<Scope> widest;
    for (const QString &name : permissions.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        Scope scope = Scope::Read;
        if (parseScope(name.trimmed(), &scope) && (!widest || grants(scope, *widest)))
            widest = scope;
    }
    return widest;
}

QString ApiKeyManager::validateName(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("a key name is required");
    if (trimmed.size() > maxNameLength)
        return QStringLiteral("a key name has at most %1 characters").arg(maxNameLength);
    for (const QChar c : trimmed) {
        if (c.category() == QChar::Other_Control)
            return QStringLiteral("a key name cannot contain control characters");
    }
    return {};
}

db::DbError ApiKeyManager::create(
    const QString &name, const QString &permissions, const AuditContext &context, NewApiKey *out)
{
    NewApiKey created;
    created.key = generateKey();
    created.record.keyHash = hashHex(created.key);
    created.record.name = name.trimmed();
    created.record.permissions = permissions;
    created.record.createdBy = context.actor;

    repo::ApiKeyRepository keys(m_database);
    repo::AuditRepository audit(m_database);
    const db::DbError error = repo::inTransaction(m_database, [&](QSqlQuery &query) -> db::DbError {
        if (db::DbError e = keys.insertIn(query, &created.record))
            return e;
        const QJsonObject details {
            {QStringLiteral("name"), created.record.name}, {QStringLiteral("permissions"), permissions}};
        if (db::DbError e = audit.recordKeyEventIn(
                query, {0, created.record.keyHash, QStringLiteral("created"), compactJson(details), {}}))
            return e;
        repo::AdminAuditEntry entry;
        entry.actor = context.actor;
        entry.action = QStringLiteral("api_key.create");
        entry.target = QStringLiteral("api_key:%1").arg(created.record.id);
        entry.details = compactJson(details);
        entry.requestId = context.requestId;
        entry.clientAddress = context.clientAddress;
        return audit.recordAdminActionIn(query, entry);
    });
    if (!error)
        *out = std::move(created);
    return error;
}

db::DbError ApiKeyManager::list(QList<repo::ApiKeyRecord> *out)
{
    return repo::ApiKeyRepository(m_database).list(out);
}

db::DbError ApiKeyManager::revoke(
    qint64 id, const AuditContext &context, RevokeOutcome *outcome, repo::ApiKeyRecord *after)
{
    repo::ApiKeyRepository keys(m_database);
    repo::AuditRepository audit(m_database);
    return repo::inTransaction(m_database, [&](QSqlQuery &query) -> db::DbError {
        bool changed = false;
        if (db::DbError e = keys.revokeIn(query, id, &changed))
            return e;
        std::optional<repo::ApiKeyRecord> record;
        if (db::DbError e = keys.findByIdIn(query, id, &record))
            return e;
        if (!record) {
            *outcome = RevokeOutcome::NotFound;
            return {};
        }
        if (after)
            *after = *record;
        if (!changed) {
            *outcome = RevokeOutcome::AlreadyRevoked;
            return {};
        }
        *outcome = RevokeOutcome::Revoked;
        const QJsonObject details {{QStringLiteral("name"), record->name}};
        if (db::DbError e = audit.recordKeyEventIn(
                query, {0, record->keyHash, QStringLiteral("revoked"), compactJson(details), {}}))
            return e;
        repo::AdminAuditEntry entry;
        entry.actor = context.actor;
        entry.action = QStringLiteral("api_key.revoke");
        entry.target = QStringLiteral("api_key:%1").arg(id);
        entry.details = compactJson(details);
        entry.requestId = context.requestId;
        entry.clientAddress = context.clientAddress;
        return audit.recordAdminActionIn(query, entry);
    });
}

} // namespace thetool::security
