#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace thetool::client {

// An API key's record (never the key itself, except `key` in the answer of creating it).
struct ApiKeyInfo {
    qint64 id = 0;
    QString name;
    QStringList scopes; // read, analyze, admin
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime revokedAt;
    bool revoked = false;
    QString createdBy;
    QString key; // only right after creating it: shown once
    QString message;

    static std::optional<ApiKeyInfo> fromJson(const QJsonObject &object, QString *error = nullptr);
};

// GET /api/admin/api-keys.
struct ApiKeyList {
    QList<ApiKeyInfo> keys;
    int count = 0;

    static std::optional<ApiKeyList> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
