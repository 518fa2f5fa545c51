#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <chrono>
#include <functional>
#include <mutex>

namespace thetool::security {

// A strict sliding window per client: at most `limit` attempts in any `window`. Unlike the
// token buckets of RateLimiter, nothing refills early, so "the 6th attempt within a minute"
// is refused however the first five were spread. For gates that guard a secret (the bulk
// password). Thread-safe; per process.
class AttemptWindow
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    AttemptWindow(
        int limit, std::chrono::seconds window,
        Clock clock = [] { return std::chrono::steady_clock::now(); });

    // Records an attempt by `client` and returns 0, or refuses it (not recorded) and returns
    // the whole seconds until the oldest attempt leaves the window (at least 1).
    int tryAttempt(const QString &client);

private:
    int m_limit;
    std::chrono::steady_clock::duration m_window;
    Clock m_clock;
    std::mutex m_mutex;
    QHash<QString, QList<std::chrono::steady_clock::time_point>> m_attempts;
    std::chrono::steady_clock::time_point m_lastPrune;
};

} // namespace thetool::security
