#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

#include "backend/jobs/analyzerequest.h"
#include "backend/market/priceseries.h"
#include "backend/repo/resultrepository.h"

namespace thetool::cache {
class Cache;
}

namespace thetool::jobs {

// Analysis results in the cache (DESIGN.md "Cache"): keyed by ticker, strategy, a hash of the
// configuration (analysis_config and capital), the last bar's date (with the bar count and
// source, so a different window or source never shares an entry) and the formula profile.
// A hit still yields a complete row for the job (its own ids and times); only the
// computation is skipped. Lookups and stores run on the worker's thread (its Redis connection).
class CachedAnalysis
{
public:
    explicit CachedAnalysis(cache::Cache *cache); // null: no cache, every ticker is computed

    // The cache key of this analysis, or empty when it must not be cached (no bars).
    static QString key(
        const QString &ticker, const AnalyzeRequest &request, const market::PriceSeries &series);

    // The row from the cache, or nullopt (a miss, or no cache).
    std::optional<repo::ResultRow> lookup(
        const QString &ticker, const AnalyzeRequest &request, const market::PriceSeries &series) const;
    // Keeps a completed row; failed rows are not cached.
    void store(const QString &ticker, const AnalyzeRequest &request, const market::PriceSeries &series,
        const repo::ResultRow &row) const;
    // lookup(), else analyzeTicker() and store().
    repo::ResultRow analyze(
        const QString &ticker, const AnalyzeRequest &request, const market::PriceSeries &series) const;

    static QByteArray encode(const repo::ResultRow &row);
    // `row` keeps its identity (ticker, times, job); the computed fields come from `bytes`.
    static bool decode(const QByteArray &bytes, repo::ResultRow *row);

private:
    cache::Cache *m_cache;
};

} // namespace thetool::jobs
