#pragma once

#include <QHash>
#include <QString>

#include <chrono>
#include <functional>
#include <mutex>

namespace thetool::security {

struct RateDecision {
    bool allowed = true;
    int retryAfterSeconds = 0; // when refused: whole seconds until a token is back
    int remaining = 0; // tokens left after this request
};

// Token buckets keyed by "<policy>:<key or client address>". The memory version is
// per process; a Redis version (one Lua EVAL) shares buckets between instances.
class RateLimiter
{
public:
    virtual ~RateLimiter() = default;
    // A bucket of `perMinute` tokens that refills continuously at perMinute/60 per second.
    virtual RateDecision take(const QString &bucket, int perMinute) = 0;
};

class MemoryRateLimiter : public RateLimiter
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    explicit MemoryRateLimiter(Clock clock = [] { return std::chrono::steady_clock::now(); });
    RateDecision take(const QString &bucket, int perMinute) override;
    int bucketCount() const;

private:
    struct Bucket {
        double tokens = 0;
        std::chrono::steady_clock::time_point updated;
    };
    void pruneFullBuckets(std::chrono::steady_clock::time_point now);

    Clock m_clock;
    mutable std::mutex m_mutex;
    QHash<QString, Bucket> m_buckets;
    std::chrono::steady_clock::time_point m_lastPrune;
};

} // namespace thetool::security
