#include "backend/cache/cacheservice.h"

#include "backend/cache/memorycache.h"
#include "backend/cache/rediscache.h"
#include "backend/cache/redisclient.h"
#include "backend/cache/redisratelimiter.h"
#include "backend/security/ratelimiter.h"

namespace thetool::cache {

CacheService::CacheService(const config::Config &config)
    : m_ttlSeconds(config.cacheTtlSeconds)
    , m_maxEntries(config.cacheMaxSize)
{
    auto memoryLimiter = std::make_shared<security::MemoryRateLimiter>();
    m_limiter = memoryLimiter;
    if (config.redisEnabled && !config.redisUrl.isEmpty()) {
        RedisOptions options;
        m_error = RedisOptions::parseUrl(config.redisUrl, &options);
        if (!m_error.isEmpty()) {
            m_error = QStringLiteral("REDIS_URL: ") + m_error;
            return;
        }
        options.connectTimeout = std::chrono::milliseconds(config.redisTimeoutMs);
        options.commandTimeout = std::chrono::milliseconds(config.redisTimeoutMs);
        options.retryAfter = std::chrono::seconds(config.redisRetrySeconds);
        options.keyPrefix = config.redisKeyPrefix.toUtf8();
        m_redis = std::make_shared<RedisClient>(options);
        m_limiter = std::make_shared<RedisRateLimiter>(m_redis, memoryLimiter);
    }
    if (!config.cacheEnabled)
        return;
    m_memory =
        std::make_shared<MemoryCache>(config.cacheMaxSize, std::chrono::seconds(config.cacheTtlSeconds));
    if (m_redis)
        m_cache =
            std::make_unique<RedisCache>(m_redis, std::chrono::seconds(config.cacheTtlSeconds), m_memory);
    else
        m_cache =
            std::make_unique<MemoryCache>(config.cacheMaxSize, std::chrono::seconds(config.cacheTtlSeconds));
}

CacheService::~CacheService() = default;

CacheStats CacheService::stats() const
{
    if (!m_cache) {
        CacheStats none;
        none.backend = m_redis ? QStringLiteral("redis") : QStringLiteral("memory");
        return none;
    }
    return m_cache->stats();
}

QString CacheService::redisState() const
{
    if (!m_redis)
        return QStringLiteral("disabled");
    if (!m_cache) {
        // No cache traffic tells the state: ask (the breaker applies, so an outage costs nothing).
        const RedisReply pong = m_redis->command({"PING"});
        Q_UNUSED(pong);
    }
    return m_redis->breakerState() == CircuitBreaker::State::Closed ? QStringLiteral("connected")
                                                                    : QStringLiteral("error");
}

QString CacheService::breakerState() const
{
    return m_redis ? CircuitBreaker::stateName(m_redis->breakerState()) : QString();
}

QString CacheService::redisAddress() const
{
    return m_redis ? m_redis->options().describe() : QString();
}

qint64 CacheService::entryCount() const
{
    return m_cache ? m_cache->entryCount() : -1;
}

qint64 CacheService::clear()
{
    return m_cache ? m_cache->clear() : 0;
}

void CacheService::releaseThreadConnection()
{
    if (m_redis)
        m_redis->releaseThreadConnection();
}

} // namespace thetool::cache
