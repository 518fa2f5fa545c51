#pragma once

#include <QHash>

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <mutex>

#include "backend/cache/cache.h"

namespace thetool::cache {

// Per-process LRU with a TTL (CACHE_MAX_SIZE, CACHE_TTL): a lookup refreshes an entry's
// recency but not its expiry; past `maxEntries` the least recently used entry goes.
class MemoryCache final : public Cache
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    MemoryCache(qint64 maxEntries, std::chrono::seconds ttl, Clock clock = {});

    std::optional<QByteArray> get(const QString &key) override;
    void put(const QString &key, const QByteArray &value) override;
    qint64 clear() override;
    CacheStats stats() const override;
    qint64 entryCount() const override; // live entries (expired ones go at their next lookup)
    quint64 evictions() const { return m_evictions.load(); }

private:
    struct Entry {
        QString key;
        QByteArray value;
        std::chrono::steady_clock::time_point expires;
    };
    using Order = std::list<Entry>; // front: most recently used

    const qint64 m_maxEntries;
    const std::chrono::seconds m_ttl;
    Clock m_clock;
    mutable std::mutex m_mutex;
    Order m_order;
    QHash<QString, Order::iterator> m_index;
    std::atomic<quint64> m_hits {0};
    std::atomic<quint64> m_misses {0};
    std::atomic<quint64> m_evictions {0};
};

} // namespace thetool::cache
