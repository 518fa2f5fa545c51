// The classic indicator series against the original's values on every golden input.
#include <QTest>

#include <cmath>

#include "backend/analysis/indicatorseries.h"
#include "backend/market/csvbars.h"
#include "tests/analysis/goldendata.h"

using namespace thetool;

class TestIndicatorSeries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesGolden_data()
    {
        QTest::addColumn<QString>("name");
        const QStringList cases = tests::goldenCases();
        QVERIFY(cases.size() >= 10);
        for (const QString &name : cases)
            QTest::newRow(qPrintable(name)) << name;
    }

    void matchesGolden()
    {
        QFETCH(QString, name);
        const auto csv = market::readCsvBars(
            tests::goldenDir() + QStringLiteral("/inputs/") + name + QStringLiteral(".csv"));
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        const tests::GoldenSeries golden = tests::readGoldenSeries(name);
        QVERIFY2(golden.error.isEmpty(), qPrintable(golden.error));
        const auto s = analysis::computeIndicators(csv.bars, analysis::FormulaProfile::Classic);
        QVERIFY(s.error.empty());
        QCOMPARE(s.size(), csv.bars.size());
        QCOMPARE(static_cast<std::size_t>(golden.dates.size()), csv.bars.size());

        std::vector<double> obvPrev(s.size(), std::nan(""));
        for (std::size_t i = 1; i < s.size(); ++i)
            obvPrev[i] = i == 1 ? 0.0 : s.obv[i - 1];
        const QList<std::pair<QString, const std::vector<double> *>> columns = {
            {QStringLiteral("rsi"), &s.rsi},
            {QStringLiteral("macd"), &s.macd},
            {QStringLiteral("macd_signal"), &s.macdSignal},
            {QStringLiteral("macd_hist"), &s.macdHist},
            {QStringLiteral("adx"), &s.adx},
            {QStringLiteral("di_plus"), &s.plusDi},
            {QStringLiteral("di_minus"), &s.minusDi},
            {QStringLiteral("psar_or_empty"), &s.psar},
            {QStringLiteral("psar_bull"), &s.psarBull},
            {QStringLiteral("ema_fast"), &s.emaFast},
            {QStringLiteral("ema_slow"), &s.emaSlow},
            {QStringLiteral("stoch_k"), &s.stochK},
            {QStringLiteral("stoch_d"), &s.stochD},
            {QStringLiteral("cci"), &s.cci},
            {QStringLiteral("williams_r"), &s.williamsR},
            {QStringLiteral("atr"), &s.atr},
            {QStringLiteral("bb_upper"), &s.bbUpper},
            {QStringLiteral("bb_middle"), &s.bbMiddle},
            {QStringLiteral("bb_lower"), &s.bbLower},
            {QStringLiteral("obv"), &s.obv},
            {QStringLiteral("obv_prev"), &obvPrev},
            {QStringLiteral("cmf"), &s.cmf},
        };
        int compared = 0;
        for (const auto &[column, ours] : columns) {
            QVERIFY2(golden.columns.contains(column), qPrintable(column));
            const std::vector<double> &expected = golden.columns[column];
            for (std::size_t i = 0; i < expected.size(); ++i) {
                const double want = expected[i];
                const double got = (*ours)[i];
                const QString where = QStringLiteral("%1 bar %2 (%3): expected %4, got %5")
                                          .arg(column)
                                          .arg(i)
                                          .arg(golden.dates[static_cast<qsizetype>(i)])
                                          .arg(want, 0, 'g', 17)
                                          .arg(got, 0, 'g', 17);
                QVERIFY2(std::isnan(want) == std::isnan(got), qPrintable(where));
                if (std::isnan(want))
                    continue;
                QVERIFY2(std::fabs(want - got) <= 1e-9 * std::max(1.0, std::fabs(want)), qPrintable(where));
                ++compared;
            }
        }
        QVERIFY(compared > 5 * static_cast<int>(s.size()));
    }

    void date_columns_align()
    {
        // The golden dates are the input dates: a reader that dropped or reordered a row shows here.
        const auto csv = market::readCsvBars(tests::goldenDir() + QStringLiteral("/inputs/reliance_80.csv"));
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        const auto golden = tests::readGoldenSeries(QStringLiteral("reliance_80"));
        for (std::size_t i = 0; i < csv.bars.size(); ++i)
            QCOMPARE(QString::fromStdString(csv.bars.dates[i]), golden.dates[static_cast<qsizetype>(i)]);
    }

    void profilesDifferWhereTheirFormulasDo()
    {
        // Classic RSI uses simple averages, standard uses Wilder's smoothing: on the same
        // bars they must disagree, and the standard series starts where TA-Lib's does.
        const auto csv = market::readCsvBars(tests::goldenDir() + QStringLiteral("/inputs/rw_60_s1.csv"));
        QVERIFY(csv.ok());
        const auto classic = analysis::computeIndicators(csv.bars, analysis::FormulaProfile::Classic);
        const auto standard = analysis::computeIndicators(csv.bars, analysis::FormulaProfile::Standard);
        QVERIFY(standard.error.empty());
        QCOMPARE(standard.profile, analysis::FormulaProfile::Standard);
        QCOMPARE(standard.size(), csv.bars.size());
        QVERIFY(std::isnan(standard.rsi[13]));
        QVERIFY(!std::isnan(standard.rsi[14]));
        QVERIFY(std::fabs(classic.rsi.back() - standard.rsi.back()) > 1e-6);
        // CMF is the same formula in both profiles.
        QCOMPARE(classic.cmf.back(), standard.cmf.back());
    }
};

QTEST_GUILESS_MAIN(TestIndicatorSeries)
#include "tst_indicatorseries.moc"
