#include "backend/analysis/rolling.h"

#include <cmath>
#include <cstddef>
#include <deque>
#include <limits>

namespace thetool::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Running window state shared by sum and mean: a compensated (Kahan) sum for additions
// and another for removals, the count of non-NaN values, of negative values, and the run
// of identical values added last (a window made only of that run has that exact mean).
struct WindowSum {
    double sum = 0.0;
    double addCompensation = 0.0;
    double removeCompensation = 0.0;
    long count = 0;
    long negatives = 0;
    long sameRun = 0;
    double lastValue = 0.0;

    void add(double v)
    {
        if (std::isnan(v))
            return;
        ++count;
        if (v < 0)
            ++negatives;
        const double y = v - addCompensation;
        const double t = sum + y;
        addCompensation = t - sum - y;
        sum = t;
        sameRun = (v == lastValue) ? sameRun + 1 : 1;
        lastValue = v;
    }

    void remove(double v)
    {
        if (std::isnan(v))
            return;
        --count;
        if (v < 0)
            --negatives;
        const double y = -v - removeCompensation;
        const double t = sum + y;
        removeCompensation = t - sum - y;
        sum = t;
    }
};

enum class WindowKind { Sum, Mean };

std::vector<double> rollingSumOrMean(std::span<const double> values, int period, WindowKind kind)
{
    std::vector<double> out(values.size(), kNaN);
    if (period <= 0 || values.empty())
        return out;
    const auto window = static_cast<std::size_t>(period);
    WindowSum w;
    w.lastValue = values[0];
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i >= window)
            w.remove(values[i - window]);
        w.add(values[i]);
        if (i + 1 < window || w.count < period)
            continue;
        if (kind == WindowKind::Sum) {
            out[i] = w.sameRun >= w.count ? w.lastValue * static_cast<double>(w.count) : w.sum;
            continue;
        }
        double mean = w.sum / static_cast<double>(w.count);
        if (w.sameRun >= w.count)
            mean = w.lastValue;
        else if (w.negatives == 0 && mean < 0)
            mean = 0.0;
        else if (w.negatives == w.count && mean > 0)
            mean = 0.0;
        out[i] = mean;
    }
    return out;
}

template<typename Better>
std::vector<double> rollingExtreme(std::span<const double> values, int period, Better better)
{
    std::vector<double> out(values.size(), kNaN);
    if (period <= 0)
        return out;
    const auto window = static_cast<std::size_t>(period);
    std::deque<std::size_t> candidates; // indices whose values are monotone, best first
    std::size_t lastNaN = std::numeric_limits<std::size_t>::max();
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) {
            lastNaN = i;
            candidates.clear();
        } else {
            while (!candidates.empty() && !better(values[candidates.back()], values[i]))
                candidates.pop_back();
            candidates.push_back(i);
        }
        while (!candidates.empty() && candidates.front() + window <= i)
            candidates.pop_front();
        const bool nanInWindow = lastNaN != std::numeric_limits<std::size_t>::max() && lastNaN + window > i;
        if (i + 1 >= window && !nanInWindow && !candidates.empty())
            out[i] = values[candidates.front()];
    }
    return out;
}

double pairwiseSum(const double *a, std::size_t n)
{
    if (n < 8) {
        double res = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (std::size_t j = 0; j < 8; ++j)
            r[j] = a[j];
        std::size_t i = 8;
        for (; i < n - (n % 8); i += 8) {
            for (std::size_t j = 0; j < 8; ++j)
                r[j] += a[i + j];
        }
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            res += a[i];
        return res;
    }
    std::size_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseSum(a, n2) + pairwiseSum(a + n2, n - n2);
}

} // namespace

std::vector<double> simpleMovingAverage(std::span<const double> values, int period)
{
    return rollingSumOrMean(values, period, WindowKind::Mean);
}

std::vector<double> rollingSum(std::span<const double> values, int period)
{
    return rollingSumOrMean(values, period, WindowKind::Sum);
}

std::vector<double> rollingMin(std::span<const double> values, int period)
{
    return rollingExtreme(values, period, [](double kept, double incoming) { return kept < incoming; });
}

std::vector<double> rollingMax(std::span<const double> values, int period)
{
    return rollingExtreme(values, period, [](double kept, double incoming) { return kept > incoming; });
}

std::vector<double> rollingStdSample(std::span<const double> values, int period)
{
    std::vector<double> out(values.size(), kNaN);
    if (period <= 1)
        return out;
    const auto window = static_cast<std::size_t>(period);
    // Welford's online mean and sum of squared deviations, with removal.
    double mean = 0.0;
    double ssqdm = 0.0;
    double addCompensation = 0.0;
    double removeCompensation = 0.0;
    long count = 0;
    long sameRun = 0;
    double lastValue = values.empty() ? 0.0 : values[0];
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!std::isnan(v)) {
            sameRun = (v == lastValue) ? sameRun + 1 : 1;
            lastValue = v;
            ++count;
            const double prevMean = mean - addCompensation;
            const double y = v - addCompensation;
            const double t = y - mean;
            addCompensation = t + mean - y;
            mean += t / static_cast<double>(count);
            ssqdm += (v - prevMean) * (v - mean);
        }
        if (i >= window) {
            const double old = values[i - window];
            if (!std::isnan(old)) {
                --count;
                if (count > 0) {
                    const double prevMean = mean - removeCompensation;
                    const double y = old - removeCompensation;
                    const double t = y - mean;
                    removeCompensation = t + mean - y;
                    mean -= t / static_cast<double>(count);
                    ssqdm -= (old - prevMean) * (old - mean);
                } else {
                    mean = 0.0;
                    ssqdm = 0.0;
                }
            }
        }
        if (i + 1 < window || count < period)
            continue;
        double variance = (sameRun >= count) ? 0.0 : ssqdm / static_cast<double>(count - 1);
        if (variance < 0)
            variance = 0.0;
        out[i] = std::sqrt(variance);
    }
    return out;
}

std::vector<double> exponentialMean(std::span<const double> values, double alpha)
{
    std::vector<double> out(values.size(), kNaN);
    const double oldFactor = 1.0 - alpha;
    double weighted = kNaN;
    double oldWeight = 1.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double cur = values[i];
        if (std::isnan(weighted)) {
            weighted = cur; // seed with the first value that is not NaN
        } else {
            oldWeight *= oldFactor;
            if (!std::isnan(cur)) {
                if (weighted != cur)
                    weighted = (oldWeight * weighted + alpha * cur) / (oldWeight + alpha);
                oldWeight = 1.0;
            }
        }
        out[i] = weighted;
    }
    return out;
}

double alphaFromSpan(double span)
{
    const double centreOfMass = (span - 1.0) / 2.0;
    return 1.0 / (1.0 + centreOfMass);
}

double alphaFromPeriod(double period)
{
    const double centreOfMass = 1.0 / (1.0 / period) - 1.0;
    return 1.0 / (1.0 + centreOfMass);
}

double numpyMean(std::span<const double> values)
{
    if (values.empty())
        return kNaN;
    return pairwiseSum(values.data(), values.size()) / static_cast<double>(values.size());
}

GainsAndLosses gainsAndLosses(std::span<const double> close)
{
    const std::size_t n = close.size();
    GainsAndLosses out {std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
    for (std::size_t i = 1; i < n; ++i) {
        const double delta = close[i] - close[i - 1];
        if (delta > 0)
            out.gain[i] = delta;
        else if (delta < 0)
            out.loss[i] = -delta;
    }
    return out;
}

} // namespace thetool::analysis
