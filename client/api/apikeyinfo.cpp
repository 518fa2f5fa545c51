#include "client/api/apikeyinfo.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<ApiKeyInfo> ApiKeyInfo::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("api key"));
    ApiKeyInfo k;
    k.id = r.requiredInteger(QStringLiteral("id"));
    k.name = r.requiredString(QStringLiteral("name"));
    k.scopes = r.stringList(QStringLiteral("scopes"));
    k.createdAt = r.time(QStringLiteral("created_at"));
    k.lastUsedAt = r.time(QStringLiteral("last_used_at"));
    k.revokedAt = r.time(QStringLiteral("revoked_at"));
    k.revoked = r.boolean(QStringLiteral("revoked"));
    k.createdBy = r.string(QStringLiteral("created_by"));
    k.key = r.string(QStringLiteral("key"));
    k.message = r.string(QStringLiteral("message"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return k;
}

std::optional<ApiKeyList> ApiKeyList::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("api keys"));
    ApiKeyList list;
    list.count = int(r.requiredInteger(QStringLiteral("count")));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("api_keys"))) {
        QString why;
        const auto k = ApiKeyInfo::fromJson(v.toObject(), &why);
        if (!k) {
            r.fail(why);
            break;
        }
        list.keys.append(*k);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return list;
}

} // namespace thetool::client
