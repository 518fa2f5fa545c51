#include "backend/http/eventstream.h"

namespace thetool::http {

EventStream::EventStream(std::size_t maxQueuedBytes)
    : m_maxQueuedBytes(maxQueuedBytes)
{ }

bool EventStream::push(const QByteArray &chunk)
{
    std::function<void()> notify;
    bool accepted = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_end != End::Open)
            return false;
        const auto size = static_cast<std::size_t>(chunk.size());
        if (m_queuedBytes + size > m_maxQueuedBytes) {
            // The reader is not keeping up: drop what is queued and end the stream.
            m_queue.clear();
            m_queuedBytes = 0;
            m_end = End::Overflowed;
        } else {
            m_queue.push_back(chunk);
            m_queuedBytes += size;
            accepted = true;
        }
        notify = m_notify;
    }
    if (notify)
        notify();
    return accepted;
}

void EventStream::finish()
{
    endWith(End::Finished);
}

void EventStream::disconnect()
{
    endWith(End::Disconnected);
}

void EventStream::endWith(End end)
{
    std::function<void()> notify;
    {
        std::lock_guard lock(m_mutex);
        if (m_end != End::Open)
            return;
        m_end = end;
        if (end == End::Disconnected) {
            m_queue.clear();
            m_queuedBytes = 0;
        }
        notify = m_notify;
    }
    if (notify)
        notify();
}

bool EventStream::isOpen() const
{
    std::lock_guard lock(m_mutex);
    return m_end == End::Open;
}

EventStream::End EventStream::end() const
{
    std::lock_guard lock(m_mutex);
    return m_end;
}

std::size_t EventStream::queuedBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_queuedBytes;
}

void EventStream::setNotifier(std::function<void()> notify)
{
    std::lock_guard lock(m_mutex);
    m_notify = std::move(notify);
}

QByteArray EventStream::take(std::size_t maxBytes)
{
    std::lock_guard lock(m_mutex);
    QByteArray out;
    while (!m_queue.empty()
        && (out.isEmpty() || static_cast<std::size_t>(out.size() + m_queue.front().size()) <= maxBytes)) {
        out += m_queue.front();
        m_queuedBytes -= static_cast<std::size_t>(m_queue.front().size());
        m_queue.pop_front();
    }
    return out;
}

bool EventStream::hasQueued() const
{
    std::lock_guard lock(m_mutex);
    return !m_queue.empty();
}

} // namespace thetool::http
