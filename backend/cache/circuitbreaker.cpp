#include "backend/cache/circuitbreaker.h"

namespace thetool::cache {

CircuitBreaker::CircuitBreaker(int threshold, std::chrono::milliseconds retryAfter, Clock clock)
    : m_threshold(qMax(1, threshold))
    , m_retryAfter(retryAfter)
    , m_clock(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); }))
{ }

bool CircuitBreaker::allow()
{
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        if (now < m_retryAt)
            return false;
        m_state = State::HalfOpen;
        m_probeStarted = now;
        return true;
    case State::HalfOpen:
        // A probe that never reported (its thread died) must not wedge the breaker.
        if (now - m_probeStarted > m_retryAfter) {
            m_probeStarted = now;
            return true;
        }
        return false;
    }
    return false;
}

void CircuitBreaker::recordSuccess()
{
    std::lock_guard lock(m_mutex);
    m_state = State::Closed;
    m_failures = 0;
}

void CircuitBreaker::recordFailure()
{
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    ++m_failures;
    if (m_state == State::HalfOpen || m_failures >= m_threshold) {
        m_state = State::Open;
        m_retryAt = now + m_retryAfter;
    }
}

CircuitBreaker::State CircuitBreaker::state() const
{
    std::lock_guard lock(m_mutex);
    return m_state;
}

std::chrono::steady_clock::time_point CircuitBreaker::retryAt() const
{
    std::lock_guard lock(m_mutex);
    return m_retryAt;
}

QString CircuitBreaker::stateName(State state)
{
    switch (state) {
    case State::Closed:
        return QStringLiteral("closed");
    case State::Open:
        return QStringLiteral("open");
    case State::HalfOpen:
        return QStringLiteral("half-open");
    }
    return {};
}

} // namespace thetool::cache
