#pragma once

#include <QtGlobal>

#include <atomic>
#include <initializer_list>
#include <memory>
#include <vector>

namespace thetool::ops {

// A Prometheus histogram with fixed upper bounds: observe() is a few relaxed atomic
// increments (no lock), safe from any thread.
class Histogram
{
public:
    explicit Histogram(std::vector<double> bounds);

    void observe(double value);

    struct Snapshot {
        std::vector<quint64> cumulative; // one per bound, then +Inf (== count)
        double sum = 0;
        quint64 count() const { return cumulative.empty() ? 0 : cumulative.back(); }
    };
    // The +Inf bucket and the count come from the same bucket reads, so they always agree.
    Snapshot snapshot() const;
    const std::vector<double> &bounds() const { return m_bounds; }

    static std::vector<double> requestSeconds();
    static std::vector<double> jobSeconds();

private:
    std::vector<double> m_bounds;
    std::unique_ptr<std::atomic<quint64>[]> m_buckets; // bounds.size() + 1 (overflow)
    std::atomic<double> m_sum {0};
};

} // namespace thetool::ops
