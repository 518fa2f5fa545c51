#include "backend/db/querywatchdog.h"

#include <sys/socket.h>

namespace thetool::db {

QueryWatchdog::QueryWatchdog()
    : m_thread([this] { loop(); })
{ }

QueryWatchdog::~QueryWatchdog()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

std::uint64_t QueryWatchdog::arm(int socket, Clock::time_point deadline)
{
    std::uint64_t ticket = 0;
    {
        std::lock_guard lock(m_mutex);
        ticket = m_nextTicket++;
        m_entries.emplace(ticket, Entry {socket, deadline, false});
    }
    m_wake.notify_all();
    return ticket;
}

bool QueryWatchdog::disarm(std::uint64_t ticket)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(ticket);
    if (it == m_entries.end())
        return false;
    const bool fired = it->second.fired;
    m_entries.erase(it);
    return fired;
}

void QueryWatchdog::loop()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        auto next = Clock::time_point::max();
        const auto now = Clock::now();
        for (auto &[ticket, entry] : m_entries) {
            if (entry.fired)
                continue;
            if (entry.deadline <= now) {
                // Under the mutex: the owner cannot disarm (and so cannot close the socket)
                // while we shut it down, so the descriptor is still the connection's.
                ::shutdown(entry.socket, SHUT_RDWR);
                entry.fired = true;
            } else if (entry.deadline < next) {
                next = entry.deadline;
            }
        }
        if (next == Clock::time_point::max())
            m_wake.wait(lock);
        else
            m_wake.wait_until(lock, next);
    }
}

} // namespace thetool::db
