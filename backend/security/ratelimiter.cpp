#include "backend/security/ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace thetool::security {

namespace {
constexpr auto pruneInterval = std::chrono::seconds(60);
}

MemoryRateLimiter::MemoryRateLimiter(Clock clock)
    : m_clock(std::move(clock))
    , m_lastPrune(m_clock())
{ }

RateDecision MemoryRateLimiter::take(const QString &bucketKey, int perMinute)
{
    const auto now = m_clock();
    const double capacity = std::max(1, perMinute);
    const double perSecond = capacity / 60.0;
    std::lock_guard lock(m_mutex);
    if (now - m_lastPrune > pruneInterval)
        pruneFullBuckets(now);
    auto it = m_buckets.find(bucketKey);
    if (it == m_buckets.end())
        it = m_buckets.insert(bucketKey, Bucket {capacity, now});
    Bucket &bucket = *it;
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(capacity, bucket.tokens + elapsed * perSecond);
    bucket.updated = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return {true, 0, static_cast<int>(bucket.tokens)};
    }
    const int wait = static_cast<int>(std::ceil((1.0 - bucket.tokens) / perSecond));
    return {false, std::max(1, wait), 0};
}

void MemoryRateLimiter::pruneFullBuckets(std::chrono::steady_clock::time_point now)
{
    // A bucket idle for a minute is full again and equals a fresh one: drop it, so
    // memory follows active clients rather than every address ever seen.
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (now - it->updated > pruneInterval)
            it = m_buckets.erase(it);
        else
            ++it;
    }
    m_lastPrune = now;
}

int MemoryRateLimiter::bucketCount() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_buckets.size());
}

} // namespace thetool::security
