#pragma once

#include <QByteArray>

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace thetool::http {

// The queue between a producer (any thread) and one streaming response (text/event-stream).
// A handler returns it in HttpResponse::eventStream; the session writes what is queued on
// its strand. The queue is bounded in bytes: a reader that stops reading lets it fill, and
// the push that would overflow closes the stream instead of buffering without end.
// Thread-safe; free of Beast.
class EventStream
{
public:
    enum class End { Open, Finished, Overflowed, Disconnected };

    explicit EventStream(std::size_t maxQueuedBytes);
    EventStream(const EventStream &) = delete;
    EventStream &operator=(const EventStream &) = delete;

    // Queues `chunk` (one or more whole SSE messages). False when the stream has ended
    // (now or before); an overflow ends it as Overflowed.
    bool push(const QByteArray &chunk);
    // The producer is done: what is queued is still written, then the response ends.
    void finish();
    bool isOpen() const;
    End end() const;
    std::size_t queuedBytes() const;
    std::size_t capacity() const { return m_maxQueuedBytes; }

    // Session side. `notify` is called (from any thread, without the lock held) after a
    // push or an end, so the session can schedule a write on its strand.
    void setNotifier(std::function<void()> notify);
    // Takes up to about `maxBytes` of queued data (at least one chunk when any is queued).
    QByteArray take(std::size_t maxBytes);
    bool hasQueued() const;
    // The connection is gone (closed, reset, shut down): later pushes fail.
    void disconnect();

private:
    void endWith(End end);

    const std::size_t m_maxQueuedBytes;
    mutable std::mutex m_mutex;
    std::deque<QByteArray> m_queue;
    std::size_t m_queuedBytes = 0;
    End m_end = End::Open;
    std::function<void()> m_notify;
};

} // namespace thetool::http
