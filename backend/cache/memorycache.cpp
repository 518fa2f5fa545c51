#include "backend/cache/memorycache.h"

namespace thetool::cache {

MemoryCache::MemoryCache(qint64 maxEntries, std::chrono::seconds ttl, Clock clock)
    : m_maxEntries(qMax<qint64>(1, maxEntries))
    , m_ttl(ttl)
    , m_clock(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); }))
{ }

std::optional<QByteArray> MemoryCache::get(const QString &key)
{
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    const auto found = m_index.find(key);
    if (found == m_index.end()) {
        ++m_misses;
        return std::nullopt;
    }
    const Order::iterator entry = *found;
    if (entry->expires <= now) {
        m_order.erase(entry);
        m_index.erase(found);
        ++m_misses;
        return std::nullopt;
    }
    m_order.splice(m_order.begin(), m_order, entry);
    ++m_hits;
    return entry->value;
}

void MemoryCache::put(const QString &key, const QByteArray &value)
{
    const auto expires = m_clock() + m_ttl;
    std::lock_guard lock(m_mutex);
    if (const auto found = m_index.find(key); found != m_index.end()) {
        const Order::iterator entry = *found;
        entry->value = value;
        entry->expires = expires;
        m_order.splice(m_order.begin(), m_order, entry);
        return;
    }
    m_order.push_front(Entry {key, value, expires});
    m_index.insert(key, m_order.begin());
    while (static_cast<qint64>(m_order.size()) > m_maxEntries) {
        m_index.remove(m_order.back().key);
        m_order.pop_back();
        ++m_evictions;
    }
}

qint64 MemoryCache::clear()
{
    std::lock_guard lock(m_mutex);
    const qint64 removed = static_cast<qint64>(m_order.size());
    m_order.clear();
    m_index.clear();
    return removed;
}

CacheStats MemoryCache::stats() const
{
    CacheStats s;
    s.backend = QStringLiteral("memory");
    s.hits = m_hits.load();
    s.misses = m_misses.load();
    return s;
}

qint64 MemoryCache::entryCount() const
{
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    qint64 live = 0;
    for (const Entry &entry : m_order)
        live += entry.expires > now ? 1 : 0;
    return live;
}

} // namespace thetool::cache
