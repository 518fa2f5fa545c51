#include "backend/ops/histogram.h"

#include <algorithm>

namespace thetool::ops {

Histogram::Histogram(std::vector<double> bounds)
    : m_bounds(std::move(bounds))
    , m_buckets(std::make_unique<std::atomic<quint64>[]>(m_bounds.size() + 1))
{
    std::sort(m_bounds.begin(), m_bounds.end());
}

void Histogram::observe(double value)
{
    // Bucket i counts values in (bound[i-1], bound[i]]; the last one the rest.
    const auto it = std::lower_bound(m_bounds.begin(), m_bounds.end(), value);
    m_buckets[static_cast<std::size_t>(it - m_bounds.begin())].fetch_add(1, std::memory_order_relaxed);
    m_sum.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const
{
    Snapshot s;
    s.cumulative.reserve(m_bounds.size() + 1);
    quint64 running = 0;
    for (std::size_t i = 0; i <= m_bounds.size(); ++i) {
        running += m_buckets[i].load(std::memory_order_relaxed);
        s.cumulative.push_back(running);
    }
    s.sum = m_sum.load(std::memory_order_relaxed);
    return s;
}

std::vector<double> Histogram::requestSeconds()
{
    return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> Histogram::jobSeconds()
{
    return {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600};
}

} // namespace thetool::ops
