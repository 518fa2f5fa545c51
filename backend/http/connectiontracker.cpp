#include "backend/http/connectiontracker.h"

namespace thetool::http {

ConnectionTracker::ConnectionTracker(int maxConnections, int maxPerClient)
    : m_max(maxConnections)
    , m_maxPerClient(maxPerClient)
{ }

ConnectionTracker::Admission ConnectionTracker::admit(const QString &peer)
{
    std::lock_guard lock(m_mutex);
    if (m_open >= m_max)
        return Admission::ServerFull;
    int &fromPeer = m_perClient[peer];
    if (fromPeer >= m_maxPerClient) {
        if (fromPeer == 0)
            m_perClient.remove(peer);
        return Admission::ClientFull;
    }
    ++fromPeer;
    ++m_open;
    return Admission::Admitted;
}

void ConnectionTracker::release(const QString &peer)
{
    std::lock_guard lock(m_mutex);
    auto it = m_perClient.find(peer);
    if (it != m_perClient.end() && --it.value() <= 0)
        m_perClient.erase(it);
    if (--m_open == 0)
        m_empty.notify_all();
}

int ConnectionTracker::open() const
{
    std::lock_guard lock(m_mutex);
    return m_open;
}

bool ConnectionTracker::waitUntilEmpty(std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock lock(m_mutex);
    return m_empty.wait_until(lock, deadline, [&] { return m_open == 0; });
}

} // namespace thetool::http
