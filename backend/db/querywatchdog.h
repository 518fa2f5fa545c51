#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace thetool::db {

// The client-side deadline for PostgreSQL statements. statement_timeout is enforced by the
// server backend itself, so a backend that is stopped (SIGSTOP, a frozen VM, a dead peer
// whose kernel still ACKs) never answers; libpq then waits forever in poll(). When a
// deadline passes, the watchdog shuts the socket down: libpq's wait returns, the query fails
// as a lost connection, and the Database reopens it.
class QueryWatchdog
{
public:
    using Clock = std::chrono::steady_clock;

    QueryWatchdog();
    ~QueryWatchdog();
    QueryWatchdog(const QueryWatchdog &) = delete;
    QueryWatchdog &operator=(const QueryWatchdog &) = delete;

    // Arms a deadline for `socket`; returns a ticket for disarm().
    std::uint64_t arm(int socket, Clock::time_point deadline);
    // Disarms; returns true when the deadline had already fired (the socket is shut down).
    bool disarm(std::uint64_t ticket);

private:
    struct Entry {
        int socket = -1;
        Clock::time_point deadline;
        bool fired = false;
    };
    void loop();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::map<std::uint64_t, Entry> m_entries;
    std::uint64_t m_nextTicket = 1;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace thetool::db
