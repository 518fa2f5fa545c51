#pragma once

#include <memory>

#include "backend/security/ratelimiter.h"

namespace thetool::cache {

class RedisClient;

// Token buckets in Redis (DESIGN.md "Cache"): one Lua EVAL reads, refills, takes and writes a
// bucket atomically with the Redis server's clock, so every instance draws from the same
// bucket. While the breaker is open the buckets of `fallback` (this process) are used.
class RedisRateLimiter final : public security::RateLimiter
{
public:
    RedisRateLimiter(std::shared_ptr<RedisClient> redis, std::shared_ptr<security::RateLimiter> fallback);
    security::RateDecision take(const QString &bucket, int perMinute) override;

private:
    std::shared_ptr<RedisClient> m_redis;
    std::shared_ptr<security::RateLimiter> m_fallback;
};

} // namespace thetool::cache
