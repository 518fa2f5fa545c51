#include "backend/server/apikeyroutes.h"

#include <QJsonArray>
#include <QJsonObject>

#include "backend/db/database.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/security/apikeymanager.h"
#include "backend/security/databasekeyauthenticator.h"
#include "backend/server/dbhttperror.h"

namespace thetool::server {

namespace {

QJsonValue nullable(const QString &text)
{
    return text.isNull() ? QJsonValue() : QJsonValue(text);
}

QJsonObject keyJson(const repo::ApiKeyRecord &r)
{
    return {{QStringLiteral("id"), r.id}, {QStringLiteral("name"), r.name},
        {QStringLiteral("scopes"),
            QJsonArray::fromStringList(r.permissions.split(QLatin1Char(','), Qt::SkipEmptyParts))},
        {QStringLiteral("created_at"), nullable(r.createdAt)},
        {QStringLiteral("last_used_at"), nullable(r.lastUsedAt)},
        {QStringLiteral("revoked_at"), nullable(r.revokedAt)}, {QStringLiteral("revoked"), r.isRevoked()},
        {QStringLiteral("created_by"), nullable(r.createdBy)}};
}

http::ApiError validation(const QString &message)
{
    return http::ApiError(400, QStringLiteral("VALIDATION_ERROR"), message);
}

security::AuditContext auditContext(const http::HttpRequest &request)
{
    const QString actor = request.principal == QLatin1String("master")
        ? QStringLiteral("master")
        : QStringLiteral("api_key:") + request.principal;
    return {actor, request.requestId, request.peerAddress};
}

QStringList scopeNames(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return {QStringLiteral("read")}; // the original's default
    if (value.isString())
        return value.toString().split(QLatin1Char(','));
    if (!value.isArray())
        throw validation(
            QStringLiteral("'scopes' must be a list of scope names or a comma-separated string"));
    QStringList names;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            throw validation(QStringLiteral("'scopes' must hold strings"));
        names.append(item.toString());
    }
    return names;
}

} // namespace

void addApiKeyRoutes(http::Router &router, db::Database &database,
    std::shared_ptr<security::DatabaseKeyAuthenticator> authenticator)
{
    db::Database *db = &database;
    const http::Access admin = http::Access::needs(http::Scope::Admin);

    router.add(
        "GET", QStringLiteral("/api/admin/api-keys"),
        [db](const http::HttpRequest &) {
            QList<repo::ApiKeyRecord> keys;
            throwIfFailed(security::ApiKeyManager(*db).list(&keys));
            QJsonArray items;
            for (const repo::ApiKeyRecord &key : keys)
                items.append(keyJson(key));
            return http::HttpResponse::json(
                QJsonObject {{QStringLiteral("api_keys"), items}, {QStringLiteral("count"), items.size()}});
        },
        admin);

    router.add(
        "POST", QStringLiteral("/api/admin/api-keys"),
        [db](const http::HttpRequest &request) {
            const QJsonObject body = request.jsonObject();
            const QJsonValue name = body.value(QStringLiteral("name"));
            if (!name.isString())
                throw validation(QStringLiteral("'name' is required and must be a string"));
            if (const QString problem = security::ApiKeyManager::validateName(name.toString());
                !problem.isEmpty())
                throw validation(problem);
            QString permissions;
            if (const QString problem = security::ApiKeyManager::normalizeScopes(
                    scopeNames(body.value(QStringLiteral("scopes"))), &permissions);
                !problem.isEmpty())
                throw validation(problem);
            security::NewApiKey created;
            throwIfFailed(security::ApiKeyManager(*db).create(
                              name.toString(), permissions, auditContext(request), &created),
                QStringLiteral("An active API key named '%1' already exists").arg(name.toString().trimmed()));
            QJsonObject answer = keyJson(created.record);
            answer.insert(QStringLiteral("key"), created.key);
            answer.insert(
                QStringLiteral("message"), QStringLiteral("Store this key now: it is not shown again"));
            return http::HttpResponse::json(answer, 201);
        },
        admin);

    router.add(
        "DELETE", QStringLiteral("/api/admin/api-keys/{id}"),
        [db, authenticator](const http::HttpRequest &request) {
            bool ok = false;
            const qint64 id = request.pathParam(QStringLiteral("id")).toLongLong(&ok);
            if (!ok || id <= 0)
                throw validation(QStringLiteral("the key id must be a positive integer"));
            security::ApiKeyManager::RevokeOutcome outcome {};
            repo::ApiKeyRecord after;
            throwIfFailed(security::ApiKeyManager(*db).revoke(id, auditContext(request), &outcome, &after));
            if (authenticator)
                authenticator->forget(id);
            switch (outcome) {
            case security::ApiKeyManager::RevokeOutcome::NotFound:
                throw http::ApiError(
                    404, QStringLiteral("API_KEY_NOT_FOUND"), QStringLiteral("No API key has id %1").arg(id));
            case security::ApiKeyManager::RevokeOutcome::AlreadyRevoked:
                throw http::ApiError(409, QStringLiteral("API_KEY_ALREADY_REVOKED"),
                    QStringLiteral("API key %1 was revoked at %2").arg(id).arg(after.revokedAt));
            case security::ApiKeyManager::RevokeOutcome::Revoked:
                break;
            }
            QJsonObject answer = keyJson(after);
            answer.insert(QStringLiteral("message"), QStringLiteral("API key revoked"));
            return http::HttpResponse::json(answer);
        },
        admin);
}

} // namespace thetool::server
