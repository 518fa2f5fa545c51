// The O(n) rolling helpers against direct per-window computation, NaN included.
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "backend/analysis/rolling.h"

using namespace thetool::analysis;

namespace {

std::vector<double> sample(std::size_t n, unsigned seed, double nanShare)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> value(-50.0, 150.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> v(n);
    for (double &x : v)
        x = unit(rng) < nanShare ? std::nan("") : value(rng);
    return v;
}

bool close(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

template<typename F> std::vector<double> direct(const std::vector<double> &v, int period, F f)
{
    std::vector<double> out(v.size(), std::nan(""));
    for (std::size_t i = static_cast<std::size_t>(period) - 1; i < v.size(); ++i) {
        std::vector<double> w(
            v.begin() + static_cast<std::ptrdiff_t>(i + 1 - static_cast<std::size_t>(period)),
            v.begin() + static_cast<std::ptrdiff_t>(i + 1));
        if (std::none_of(w.begin(), w.end(), [](double x) { return std::isnan(x); }))
            out[i] = f(w);
    }
    return out;
}

} // namespace

class TestRollingWindows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesDirect_data()
    {
        QTest::addColumn<int>("period");
        QTest::addColumn<double>("nanShare");
        QTest::newRow("3, no NaN") << 3 << 0.0;
        QTest::newRow("14, some NaN") << 14 << 0.02;
        QTest::newRow("20, more NaN") << 20 << 0.01;
        QTest::newRow("1") << 1 << 0.05;
    }

    void matchesDirect()
    {
        QFETCH(int, period);
        QFETCH(double, nanShare);
        const auto v = sample(2000, static_cast<unsigned>(period), nanShare);
        const auto sum = [](const std::vector<double> &w) {
            return std::accumulate(w.begin(), w.end(), 0.0);
        };
        const auto mean = [&](const std::vector<double> &w) {
            return sum(w) / static_cast<double>(w.size());
        };
        const auto expectSum = direct(v, period, sum);
        const auto expectMean = direct(v, period, mean);
        const auto expectMin = direct(
            v, period, [](const std::vector<double> &w) { return *std::min_element(w.begin(), w.end()); });
        const auto expectMax = direct(
            v, period, [](const std::vector<double> &w) { return *std::max_element(w.begin(), w.end()); });
        const auto expectStd = direct(v, period, [&](const std::vector<double> &w) {
            if (w.size() < 2)
                return std::nan("");
            const double m = mean(w);
            double ss = 0;
            for (double x : w)
                ss += (x - m) * (x - m);
            return std::sqrt(ss / static_cast<double>(w.size() - 1));
        });
        const auto gotSum = rollingSum(v, period);
        const auto gotMean = simpleMovingAverage(v, period);
        const auto gotMin = rollingMin(v, period);
        const auto gotMax = rollingMax(v, period);
        const auto gotStd = rollingStdSample(v, period);
        for (std::size_t i = 0; i < v.size(); ++i) {
            QVERIFY2(close(gotSum[i], expectSum[i]), qPrintable(QStringLiteral("sum %1").arg(i)));
            QVERIFY2(close(gotMean[i], expectMean[i]), qPrintable(QStringLiteral("mean %1").arg(i)));
            QVERIFY2(close(gotMin[i], expectMin[i]), qPrintable(QStringLiteral("min %1").arg(i)));
            QVERIFY2(close(gotMax[i], expectMax[i]), qPrintable(QStringLiteral("max %1").arg(i)));
            QVERIFY2(close(gotStd[i], expectStd[i]), qPrintable(QStringLiteral("std %1").arg(i)));
        }
    }

    void windowOfIdenticalValuesIsExact()
    {
        // 0.1 + 0.2 - 0.1 ... leaves a residue in a running sum; the window shortcut removes it.
        const std::vector<double> v = {0.3, 0.1, 0.2, 0.7, 0.1, 0.1, 0.1};
        QCOMPARE(simpleMovingAverage(v, 3).back(), 0.1);
        QCOMPARE(rollingSum(v, 3).back(), 0.1 * 3);
        QCOMPARE(rollingStdSample(v, 3).back(), 0.0);
        const std::vector<double> zeros = {0.3, 0.7, 0.0, 0.0};
        QCOMPARE(simpleMovingAverage(zeros, 2).back(), 0.0);
    }

    void exponentialMeanSeedsAndSkipsNaN()
    {
        const double nan = std::nan("");
        const auto ema = exponentialMean(std::vector<double> {nan, 10.0, 20.0, nan, 20.0}, 0.5);
        QVERIFY(std::isnan(ema[0]));
        QCOMPARE(ema[1], 10.0); // seeded with the first value
        QCOMPARE(ema[2], 15.0);
        QCOMPARE(ema[3], 15.0); // a NaN repeats the mean ...
        // ... and lets the old weight decay: (0.25·15 + 0.5·20) / 0.75
        QVERIFY(std::fabs(ema[4] - (0.25 * 15.0 + 0.5 * 20.0) / 0.75) < 1e-12);
        QVERIFY(std::fabs(alphaFromSpan(12) - 2.0 / 13.0) < 1e-15);
        QVERIFY(std::fabs(alphaFromPeriod(14) - 1.0 / 14.0) < 1e-15);
    }
};

QTEST_GUILESS_MAIN(TestRollingWindows)
#include "tst_rollingwindows.moc"
