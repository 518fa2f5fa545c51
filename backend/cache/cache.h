#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

#include "backend/cache/cachestats.h"

namespace thetool::cache {

// The one cache interface (DESIGN.md "Cache"): opaque values under string keys, each kept
// for the cache's TTL. Implementations are thread-safe; a failure inside the cache is
// never the caller's error (a lookup that cannot be answered is a miss).
class Cache
{
public:
    virtual ~Cache() = default;

    // The value under `key`, counted as a hit, or nullopt counted as a miss.
    virtual std::optional<QByteArray> get(const QString &key) = 0;
    virtual void put(const QString &key, const QByteArray &value) = 0;
    // Removes every entry (not the counters); returns how many went.
    virtual qint64 clear() = 0;
    // Hits, misses and where lookups go: cheap enough for every /health.
    virtual CacheStats stats() const = 0;
    // Entries held now (may scan: admin use only); -1 when it cannot be told.
    virtual qint64 entryCount() const = 0;
};

} // namespace thetool::cache
