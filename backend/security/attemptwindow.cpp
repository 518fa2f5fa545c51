#include "backend/security/attemptwindow.h"

#include <algorithm>
#include <cmath>

namespace thetool::security {

AttemptWindow::AttemptWindow(int limit, std::chrono::seconds window, Clock clock)
    : m_limit(limit)
    , m_window(window)
    , m_clock(std::move(clock))
{ }

int AttemptWindow::tryAttempt(const QString &client)
{
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    // Forget clients whose attempts all left the window, now and then, so the table stays
    // as small as the set of recent clients.
    if (now - m_lastPrune > m_window) {
        for (auto it = m_attempts.begin(); it != m_attempts.end();) {
            if (it->isEmpty() || now - it->last() >= m_window)
                it = m_attempts.erase(it);
            else
                ++it;
        }
        m_lastPrune = now;
    }
    QList<std::chrono::steady_clock::time_point> &times = m_attempts[client];
    while (!times.isEmpty() && now - times.first() >= m_window)
        times.removeFirst();
    if (times.size() >= m_limit) {
        const double wait = std::chrono::duration<double>(times.first() + m_window - now).count();
        return std::max(1, static_cast<int>(std::ceil(wait)));
    }
    times.append(now);
    return 0;
}

} // namespace thetool::security
