// Backtests against the original BacktestEngine's results: strategies 1-5 on every golden
// input (all bars, at most the last 365), compared field by field: trades with their dates,
// prices and exit reasons, every metric, the excluded signals and the response shape.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

#include "backend/analysis/backtest.h"
#include "backend/market/csvbars.h"
#include "backend/report/backtestjson.h"
#include "tests/analysis/backtestjsoncompare.h"
#include "tests/analysis/goldendata.h"

using namespace thetool;

class TestBacktestGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesGolden_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = tests::goldenJsonFiles(QStringLiteral("backtest"));
        QCOMPARE(files.size(), 50);
        for (const QString &file : files)
            QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
    }

    void matchesGolden()
    {
        QFETCH(QString, file);
        const QStringList parts = QFileInfo(file).fileName().split(QLatin1Char('.')); // NAME.sN.json
        QCOMPARE(parts.size(), 3);
        QFile goldenFile(file);
        QVERIFY(goldenFile.open(QIODevice::ReadOnly));
        const QJsonObject golden = QJsonDocument::fromJson(goldenFile.readAll()).object();
        QVERIFY(!golden.isEmpty());

        const auto csv = market::readCsvBars(
            tests::goldenDir() + QStringLiteral("/inputs/") + parts[0] + QStringLiteral(".csv"));
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        analysis::BacktestRequest request;
        request.ticker = "TEST.NS";
        request.strategyId = parts[1].mid(1).toInt();
        request.days = std::min(static_cast<int>(csv.bars.size()), analysis::kBacktestMaxDays);
        request.dataSource = "yahoo_finance"; // what the original's fetch reported
        const analysis::BacktestResult result = analysis::runBacktest(csv.bars, request);
        QVERIFY(result.ok());
        const QJsonObject ours = report::backtestResultToJson(result);
        const QString difference = tests::jsonDifference(golden, ours);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // The comparison above must be able to fail: a changed trade is reported.
    void comparisonDetectsDifferences()
    {
        QFile goldenFile(tests::goldenDir() + QStringLiteral("/backtest/reliance_80.s5.json"));
        QVERIFY(goldenFile.open(QIODevice::ReadOnly));
        const QJsonObject golden = QJsonDocument::fromJson(goldenFile.readAll()).object();
        QJsonObject changed = golden;
        QJsonArray trades = changed.value(QStringLiteral("trades")).toArray();
        QJsonObject first = trades[0].toObject();
        first.insert(QStringLiteral("stop_loss"), first.value(QStringLiteral("stop_loss")).toDouble() + 0.01);
        trades[0] = first;
        changed.insert(QStringLiteral("trades"), trades);
        QCOMPARE(tests::jsonDifference(golden, changed).left(21), QStringLiteral(".trades[0].stop_loss:"));
        QVERIFY(tests::jsonDifference(golden, golden).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBacktestGolden)
#include "tst_backtestgolden.moc"
