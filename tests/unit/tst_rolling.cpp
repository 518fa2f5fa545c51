#include <QTest>

#include <cmath>
#include <vector>

#include "backend/analysis/rolling.h"

using thetool::analysis::simpleMovingAverage;

class TestRolling : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void warmUpIsNaNThenMean()
    {
        const std::vector<double> values{1, 2, 3, 4, 5};
        const auto sma = simpleMovingAverage(values, 3);
        QCOMPARE(sma.size(), values.size());
        QVERIFY(std::isnan(sma[0]));
        QVERIFY(std::isnan(sma[1]));
        QCOMPARE(sma[2], 2.0);
        QCOMPARE(sma[3], 3.0);
        QCOMPARE(sma[4], 4.0);
    }

    void nanPoisonsOnlyItsWindows()
    {
        const std::vector<double> values{1, NAN, 3, 4, 5, 6};
        const auto sma = simpleMovingAverage(values, 2);
        QVERIFY(std::isnan(sma[1]));
        QVERIFY(std::isnan(sma[2]));
        QCOMPARE(sma[3], 3.5);
        QCOMPARE(sma[5], 5.5);
    }

    void shortOrEmptyInput()
    {
        QVERIFY(simpleMovingAverage(std::vector<double>{}, 3).empty());
        const auto sma = simpleMovingAverage(std::vector<double>{1, 2}, 3);
        QVERIFY(std::isnan(sma[0]) && std::isnan(sma[1]));
        QVERIFY(std::isnan(simpleMovingAverage(std::vector<double>{1, 2}, 0)[1]));
    }
};

QTEST_GUILESS_MAIN(TestRolling)
#include "tst_rolling.moc"
