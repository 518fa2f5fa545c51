#pragma once

#include <chrono>
#include <memory>

#include "backend/cache/cache.h"
#include "backend/cache/memorycache.h"

namespace thetool::cache {

class RedisClient;

// The cache in Redis, shared by every instance: entries under <prefix>cache:<key> with the
// TTL, hits and misses counted with INCR on <prefix>stats:hits / stats:misses in the same
// round trip as the lookup (one Lua EVAL), so the hit rate is the deployment's. While the
// breaker is open every call goes to `fallback` (this process's memory cache).
class RedisCache final : public Cache
{
public:
    RedisCache(
        std::shared_ptr<RedisClient> redis, std::chrono::seconds ttl, std::shared_ptr<MemoryCache> fallback);

    std::optional<QByteArray> get(const QString &key) override;
    void put(const QString &key, const QByteArray &value) override;
    qint64 clear() override; // Redis entries (SCAN + DEL) and the fallback's
    CacheStats stats() const override;
    qint64 entryCount() const override;

private:
    QByteArray entryKey(const QString &key) const;

    std::shared_ptr<RedisClient> m_redis;
    const std::chrono::seconds m_ttl;
    std::shared_ptr<MemoryCache> m_fallback;
};

} // namespace thetool::cache
