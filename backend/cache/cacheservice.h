#pragma once

#include <QString>

#include <memory>

#include "backend/cache/cache.h"
#include "backend/cache/cachestats.h"
#include "backend/config/config.h"

namespace thetool::security {
class RateLimiter;
}

namespace thetool::cache {

class MemoryCache;
class RedisClient;

// The cache and the rate-limit buckets as configured (CACHE_*, REDIS_*), made once by the
// composition root: memory only, or Redis with the memory versions as its fallback. Handlers
// and job workers reach the cache through it; /health, /api/admin/cache and /metrics read it.
class CacheService
{
public:
    // A bad REDIS_URL (rediss:// included) leaves `error` set and the service unusable.
    explicit CacheService(const config::Config &config);
    ~CacheService();
    CacheService(const CacheService &) = delete;
    CacheService &operator=(const CacheService &) = delete;

    QString error() const { return m_error; }

    bool enabled() const { return m_cache != nullptr; } // CACHE_ENABLED
    // The cache, or null when CACHE_ENABLED=false (callers then compute every time).
    Cache *cache() const { return m_cache.get(); }
    // Hits and misses where the cache lives (Redis: the deployment's); what /metrics reads.
    CacheStats stats() const;
    // "disabled" (no REDIS_URL), "connected", or "error" (the breaker is open: fallback in use).
    QString redisState() const;
    // "closed" | "open" | "half-open", or empty without Redis.
    QString breakerState() const;
    QString redisAddress() const; // host:port/db, no password; empty without Redis
    int ttlSeconds() const { return m_ttlSeconds; }
    int maxEntries() const { return m_maxEntries; }
    qint64 entryCount() const; // -1 when disabled
    qint64 clear(); // entries removed; 0 when disabled

    // Redis buckets when configured, memory otherwise; never null.
    std::shared_ptr<security::RateLimiter> rateLimiter() const { return m_limiter; }
    // Closes the calling thread's Redis connection (at handler or worker thread exit).
    void releaseThreadConnection();

private:
    QString m_error;
    int m_ttlSeconds = 0;
    int m_maxEntries = 0;
    std::shared_ptr<RedisClient> m_redis;
    std::shared_ptr<MemoryCache> m_memory;
    std::unique_ptr<Cache> m_cache;
    std::shared_ptr<security::RateLimiter> m_limiter;
};

} // namespace thetool::cache
