#include "backend/market/pendingfetch.h"

#include <chrono>

namespace thetool::market {

PendingFetch::PendingFetch(Abort abort)
    : m_abort(std::move(abort))
{ }

FetchResult PendingFetch::wait(QDeadlineTimer deadline)
{
    {
        std::unique_lock lock(m_mutex);
        if (deadline.isForever()) {
            m_finished.wait(lock, [this] { return m_done; });
            return m_result;
        }
        const auto until =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline.remainingTime());
        if (m_finished.wait_until(lock, until, [this] { return m_done; }))
            return m_result;
    }
    cancel();
    FetchResult timedOut;
    timedOut.error = MarketDataError::make(
        MarketDataError::Kind::Timeout, QStringLiteral("market data did not arrive before the deadline"));
    return timedOut;
}

bool PendingFetch::waitFinished(QDeadlineTimer deadline)
{
    std::unique_lock lock(m_mutex);
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline.remainingTime());
    return m_finished.wait_until(lock, until, [this] { return m_done; });
}

bool PendingFetch::isFinished() const
{
    std::lock_guard lock(m_mutex);
    return m_done;
}

void PendingFetch::cancel()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_done || m_cancelled)
            return;
        m_cancelled = true;
    }
    if (m_abort)
        m_abort(weak_from_this());
}

bool PendingFetch::isCancelled() const
{
    std::lock_guard lock(m_mutex);
    return m_cancelled;
}

void PendingFetch::finish(FetchResult result)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_done)
            return;
        m_result = std::move(result);
        m_done = true;
    }
    m_finished.notify_all();
}

} // namespace thetool::market
