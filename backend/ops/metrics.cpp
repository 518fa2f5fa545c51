#include "backend/ops/metrics.h"

#include <QStringList>

#include <algorithm>
#include <mutex>

#include "backend/ops/prometheustext.h"

namespace thetool::ops {

namespace {

const QChar sep = QLatin1Char('\n');

// Methods a client invents would make a series each: they count as "OTHER".
QString methodLabel(const QByteArray &method)
{
    static const QList<QByteArray> known = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    return known.contains(method) ? QString::fromLatin1(method) : QStringLiteral("OTHER");
}

template<typename Map> QStringList sortedKeys(const Map &map)
{
    QStringList keys = map.keys();
    std::sort(keys.begin(), keys.end());
    return keys;
}

PrometheusText::Labels labels(const QStringList &names, const QString &key)
{
    const QStringList values = key.split(sep);
    PrometheusText::Labels out;
    for (qsizetype i = 0; i < names.size() && i < values.size(); ++i)
        out.append({names[i], values[i]});
    return out;
}

} // namespace

Metrics::Counter &Metrics::counter(QHash<QString, std::shared_ptr<Counter>> &map, const QString &key)
{
    {
        std::shared_lock lock(m_mutex);
        if (const auto it = map.constFind(key); it != map.constEnd())
            return **it;
    }
    std::unique_lock lock(m_mutex);
    std::shared_ptr<Counter> &slot = map[key];
    if (!slot)
        slot = std::make_shared<Counter>();
    return *slot;
}

Histogram &Metrics::histogram(
    QHash<QString, std::shared_ptr<Histogram>> &map, const QString &key, std::vector<double> (*bounds)())
{
    {
        std::shared_lock lock(m_mutex);
        if (const auto it = map.constFind(key); it != map.constEnd())
            return **it;
    }
    std::unique_lock lock(m_mutex);
    std::shared_ptr<Histogram> &slot = map[key];
    if (!slot)
        slot = std::make_shared<Histogram>(bounds());
    return *slot;
}

void Metrics::observeRequest(const QByteArray &method, const QString &route, int status, double seconds)
{
    const QString pattern =
        route.isEmpty() || route == QLatin1String("-") ? QStringLiteral("unmatched") : route;
    const QString series = methodLabel(method) + sep + pattern;
    counter(m_requests, series + sep + QString::number(status)).value.fetch_add(1, std::memory_order_relaxed);
    histogram(m_requestSeconds, series, &Histogram::requestSeconds).observe(seconds);
}

void Metrics::observeJobRun(const QString &kind, const QString &outcome, double seconds)
{
    counter(m_jobRuns, kind + sep + outcome).value.fetch_add(1, std::memory_order_relaxed);
    histogram(m_jobSeconds, kind, &Histogram::jobSeconds).observe(seconds);
}

void Metrics::setCacheProvider(CacheProvider provider)
{
    std::lock_guard lock(m_cacheMutex);
    m_cache = std::move(provider);
}

CacheCounts Metrics::cacheCounts() const
{
    CacheProvider provider;
    {
        std::lock_guard lock(m_cacheMutex);
        provider = m_cache;
    }
    return provider ? provider() : CacheCounts {};
}

void Metrics::render(PrometheusText &out) const
{
    const QStringList requestLabels {
        QStringLiteral("method"), QStringLiteral("route"), QStringLiteral("status")};
    const QStringList durationLabels {QStringLiteral("method"), QStringLiteral("route")};
    const QStringList runLabels {QStringLiteral("kind"), QStringLiteral("outcome")};
    const QStringList kindLabel {QStringLiteral("kind")};
    std::shared_lock lock(m_mutex);

    out.family(QStringLiteral("thetool_http_requests_total"), QStringLiteral("counter"),
        QStringLiteral("HTTP requests answered by this instance, by route pattern and status"));
    for (const QString &key : sortedKeys(m_requests))
        out.sample(QStringLiteral("thetool_http_requests_total"), labels(requestLabels, key),
            static_cast<double>(m_requests.value(key)->value.load(std::memory_order_relaxed)));

    out.family(QStringLiteral("thetool_http_request_duration_seconds"), QStringLiteral("histogram"),
        QStringLiteral("Time from the request's headers to its response, by route pattern"));
    for (const QString &key : sortedKeys(m_requestSeconds)) {
        const Histogram &h = *m_requestSeconds.value(key);
        out.histogram(QStringLiteral("thetool_http_request_duration_seconds"), labels(durationLabels, key),
            h.snapshot(), h.bounds());
    }

    out.family(QStringLiteral("thetool_job_runs_total"), QStringLiteral("counter"),
        QStringLiteral("Job runs by this instance's workers, by kind and how the run ended"));
    for (const QString &key : sortedKeys(m_jobRuns))
        out.sample(QStringLiteral("thetool_job_runs_total"), labels(runLabels, key),
            static_cast<double>(m_jobRuns.value(key)->value.load(std::memory_order_relaxed)));

    out.family(QStringLiteral("thetool_job_duration_seconds"), QStringLiteral("histogram"),
        QStringLiteral("Duration of job runs by this instance's workers, by kind"));
    for (const QString &key : sortedKeys(m_jobSeconds)) {
        const Histogram &h = *m_jobSeconds.value(key);
        out.histogram(
            QStringLiteral("thetool_job_duration_seconds"), labels(kindLabel, key), h.snapshot(), h.bounds());
    }
    lock.unlock();

    const CacheCounts cache = cacheCounts();
    out.family(QStringLiteral("thetool_cache_hits_total"), QStringLiteral("counter"),
        QStringLiteral("Cache lookups that found an entry (counted where the cache lives)"));
    out.sample(QStringLiteral("thetool_cache_hits_total"), {}, static_cast<double>(cache.hits));
    out.family(QStringLiteral("thetool_cache_misses_total"), QStringLiteral("counter"),
        QStringLiteral("Cache lookups that found no entry (counted where the cache lives)"));
    out.sample(QStringLiteral("thetool_cache_misses_total"), {}, static_cast<double>(cache.misses));
}

} // namespace thetool::ops
