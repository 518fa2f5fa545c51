#pragma once

#include <QString>

namespace thetool::cache {

// What a cache reports: /health, GET /api/admin/cache and /metrics read it. On Redis the
// counters are the deployment's (shared by every instance), otherwise this process's.
struct CacheStats {
    QString backend = QStringLiteral("memory"); // "memory" | "redis": where lookups go now
    bool fallback = false; // Redis is configured but unavailable: memory is used meanwhile
    quint64 hits = 0;
    quint64 misses = 0;

    double hitRate() const
    {
        const quint64 lookups = hits + misses;
        return lookups == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(lookups);
    }
};

} // namespace thetool::cache
