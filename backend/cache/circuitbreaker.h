#pragma once

#include <QString>

#include <chrono>
#include <functional>
#include <mutex>

namespace thetool::cache {

// Stops calling a failing Redis: after `threshold` failures in a row the breaker opens and
// callers use their fallback; once `retryAfter` has passed one caller probes (half-open) and
// its success closes the breaker again, its failure reopens it for another `retryAfter`.
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    CircuitBreaker(int threshold, std::chrono::milliseconds retryAfter, Clock clock = {});

    // Whether the caller may try now. In half-open state only the probing caller is let through.
    bool allow();
    void recordSuccess();
    void recordFailure();
    State state() const;
    static QString stateName(State state);
    // Until when an open breaker refuses (steady clock); meaningful when Open.
    std::chrono::steady_clock::time_point retryAt() const;

private:
    const int m_threshold;
    const std::chrono::milliseconds m_retryAfter;
    Clock m_clock;
    mutable std::mutex m_mutex;
    State m_state = State::Closed;
    int m_failures = 0;
    std::chrono::steady_clock::time_point m_retryAt;
    std::chrono::steady_clock::time_point m_probeStarted;
};

} // namespace thetool::cache
