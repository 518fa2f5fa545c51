#include "backend/server/cacheroutes.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "backend/cache/cacheservice.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/repo/auditrepository.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonObject statsJson(const cache::CacheService &service)
{
    const cache::CacheStats stats = service.stats();
    const qint64 entries = service.entryCount();
    return {{QStringLiteral("enabled"), service.enabled()}, {QStringLiteral("backend"), stats.backend},
        {QStringLiteral("fallback"), stats.fallback},
        {QStringLiteral("hits"), static_cast<qint64>(stats.hits)},
        {QStringLiteral("misses"), static_cast<qint64>(stats.misses)},
        {QStringLiteral("hit_rate"), stats.hitRate()},
        {QStringLiteral("entries"), entries < 0 ? QJsonValue() : QJsonValue(entries)},
        {QStringLiteral("max_entries"), service.maxEntries()},
        {QStringLiteral("ttl_seconds"), service.ttlSeconds()},
        {QStringLiteral("redis"), service.redisState()},
        {QStringLiteral("redis_address"), orNull(service.redisAddress())},
        {QStringLiteral("breaker"), orNull(service.breakerState())}};
}

} // namespace

void addCacheRoutes(http::Router &router, const ServerContext &context)
{
    const ServerContext *c = &context;
    const http::Access admin = http::Access::needs(http::Scope::Admin);

    router.add(
        "GET", QStringLiteral("/api/admin/cache"),
        [c](const http::HttpRequest &) { return http::HttpResponse::json(statsJson(*c->cache)); }, admin);

    router.add(
        "DELETE", QStringLiteral("/api/admin/cache"),
        [c](const http::HttpRequest &request) {
            const qint64 removed = c->cache->clear();
            repo::AdminAuditEntry entry;
            entry.actor = request.principal == QLatin1String("master")
                ? QStringLiteral("master")
                : QStringLiteral("api_key:") + request.principal;
            entry.action = QStringLiteral("cache.clear");
            entry.details = QString::fromUtf8(QJsonDocument(
                QJsonObject {{QStringLiteral("removed"),
                    removed}}).toJson(QJsonDocument::Compact));
            entry.requestId = request.requestId;
            entry.clientAddress = request.peerAddress;
            throwIfFailed(repo::AuditRepository(c->database).recordAdminAction(entry));
            QJsonObject answer = statsJson(*c->cache);
            answer.insert(QStringLiteral("removed"), removed);
            return http::HttpResponse::json(answer);
        },
        admin);
}

} // namespace thetool::server
