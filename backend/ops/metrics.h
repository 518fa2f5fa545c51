#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <shared_mutex>

#include "backend/ops/histogram.h"

namespace thetool::ops {

class PrometheusText;

// Cache lookups as the cache counts them (where it lives: shared in Redis).
struct CacheCounts {
    quint64 hits = 0;
    quint64 misses = 0;
};

// This process's counters for /metrics. Recording is cheap and thread-safe: a shared lock
// to find the series (an exclusive one only the first time a series appears) and relaxed
// atomic increments. Labels are bounded: route patterns (never raw paths), known methods,
// status codes, job kinds and outcomes.
class Metrics
{
public:
    using CacheProvider = std::function<CacheCounts()>;

    Metrics() = default;
    Metrics(const Metrics &) = delete;
    Metrics &operator=(const Metrics &) = delete;

    // One finished HTTP request; `route` is the matched pattern ("-" or empty: none matched).
    void observeRequest(const QByteArray &method, const QString &route, int status, double seconds);
    // One run of a job by a worker of this instance, however it ended.
    void observeJobRun(const QString &kind, const QString &outcome, double seconds);

    // The cache registers where its hit and miss counts come from; until then both are 0.
    void setCacheProvider(CacheProvider provider);
    CacheCounts cacheCounts() const;

    // Appends the families this registry holds (requests, request durations, job runs,
    // job durations, cache hits and misses).
    void render(PrometheusText &out) const;

private:
    struct Counter {
        std::atomic<quint64> value {0};
    };
    Counter &counter(QHash<QString, std::shared_ptr<Counter>> &map, const QString &key);
    Histogram &histogram(
        QHash<QString, std::shared_ptr<Histogram>> &map, const QString &key, std::vector<double> (*bounds)());

    mutable std::shared_mutex m_mutex;
    // Keys are the label values joined by '\n' (which no label value holds).
    QHash<QString, std::shared_ptr<Counter>> m_requests; // method, route, status
    QHash<QString, std::shared_ptr<Histogram>> m_requestSeconds; // method, route
    QHash<QString, std::shared_ptr<Counter>> m_jobRuns; // kind, outcome
    QHash<QString, std::shared_ptr<Histogram>> m_jobSeconds; // kind
    mutable std::mutex m_cacheMutex;
    CacheProvider m_cache;
};

} // namespace thetool::ops
