#pragma once

#include <QHash>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace thetool::http {

// Counts open connections, in total and per client address, for the connection caps
// and for shutdown (which waits until the count drops to zero). Thread-safe.
class ConnectionTracker
{
public:
    enum class Admission { Admitted, ServerFull, ClientFull };

    ConnectionTracker(int maxConnections, int maxPerClient);
    // Counts the connection when admitted; a refused one is not counted.
    Admission admit(const QString &peer);
    void release(const QString &peer);
    int open() const;
    // True when no connection is left before the deadline.
    bool waitUntilEmpty(std::chrono::steady_clock::time_point deadline);

private:
    const int m_max;
    const int m_maxPerClient;
    mutable std::mutex m_mutex;
    std::condition_variable m_empty;
    QHash<QString, int> m_perClient;
    int m_open = 0;
};

} // namespace thetool::http
