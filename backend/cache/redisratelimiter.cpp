#include "backend/cache/redisratelimiter.h"

#include <hiredis/hiredis.h>

#include <algorithm>

#include "backend/cache/redisclient.h"

namespace thetool::cache {

namespace {

// KEYS[1] the bucket (a hash: tokens, ts); ARGV[1] the capacity per minute. The bucket refills
// continuously at capacity/60 per second, as MemoryRateLimiter's does; a bucket left alone for
// a minute is full again, so it expires then. Returns {allowed, retry_after_s, remaining}.
constexpr const char *takeToken = R"lua(
local capacity = tonumber(ARGV[1])
local rate = capacity / 60.0
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%.6f', now))
redis.call('EXPIRE', KEYS[1], 61)
return {allowed, wait, math.floor(tokens)}
)lua";

} // namespace

RedisRateLimiter::RedisRateLimiter(
    std::shared_ptr<RedisClient> redis, std::shared_ptr<security::RateLimiter> fallback)
    : m_redis(std::move(redis))
    , m_fallback(std::move(fallback))
{ }

security::RateDecision RedisRateLimiter::take(const QString &bucket, int perMinute)
{
    const int capacity = std::max(1, perMinute);
    const RedisReply reply = m_redis->command(
        {"EVAL", takeToken, "1", m_redis->key("rl:" + bucket.toUtf8()), QByteArray::number(capacity)});
    const bool ok = reply && reply->type == REDIS_REPLY_ARRAY && reply->elements == 3
        && std::all_of(reply->element, reply->element + 3,
            [](const redisReply *e) { return e->type == REDIS_REPLY_INTEGER; });
    if (!ok)
        return m_fallback->take(bucket, perMinute);
    security::RateDecision decision;
    decision.allowed = reply->element[0]->integer == 1;
    decision.retryAfterSeconds = static_cast<int>(reply->element[1]->integer);
    decision.remaining = static_cast<int>(reply->element[2]->integer);
    return decision;
}

} // namespace thetool::cache
