#pragma once

#include <QDeadlineTimer>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include "backend/market/yahoochartparser.h"

namespace thetool::market {

// The caller's side of one fetch on the market-data thread: wait for it with a deadline,
// or cancel it (which aborts the request in flight). Thread-safe; shared by both threads.
// A PendingFetch must not outlive the MarketDataService that made it.
class PendingFetch : public std::enable_shared_from_this<PendingFetch>
{
public:
    using Abort = std::function<void(std::weak_ptr<PendingFetch>)>;
    explicit PendingFetch(Abort abort);

    // The result once finished. If `deadline` expires first the fetch is cancelled and a
    // Timeout error is returned (the caller's deadline, e.g. TICKER_TIMEOUT).
    FetchResult wait(QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    // Waits until finished or `deadline`, without cancelling; true when finished (then
    // wait() returns the result at once). Lets a caller check other things between waits.
    bool waitFinished(QDeadlineTimer deadline);
    bool isFinished() const;
    void cancel();
    bool isCancelled() const;

    // The market-data thread's side.
    void finish(FetchResult result);

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_finished;
    Abort m_abort;
    FetchResult m_result;
    bool m_done = false;
    bool m_cancelled = false;
};

} // namespace thetool::market
