// Full analyses against the original's analyze_ticker results for strategies 1-5 on
// every golden input, with the frontend's configuration and with an empty one.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

#include "backend/analysis/analyzer.h"
#include "backend/analysis/pyformat.h"
#include "backend/market/csvbars.h"
#include "backend/report/analysisjson.h"
#include "tests/analysis/goldendata.h"

using namespace thetool;

namespace {

// The configuration the original frontend always sends (golden README); key order matters.
const char kFrontendConfig[] =
    R"({"capital": 100000.0, "risk_percent": 2, "position_size_limit": 20, "risk_reward_ratio": 1.5,
  "data_period": "200d", "use_demo_data": false, "category_weights": {"trend": 1.0, "momentum": 1.0,
  "volatility": 0.9, "volume": 0.9}, "enabled_indicators": {"macd": true, "adx": true,
  "ema_crossover": true, "parabolic_sar": true, "rsi": true, "stochastic": true, "cci": true,
  "williams_r": true, "bollinger_bands": true, "atr": true, "obv": true, "cmf": true}})";

} // namespace

class TestAnalyzeGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesGolden_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = tests::goldenJsonFiles(QStringLiteral("analyze"));
        QCOMPARE(files.size(), 100);
        for (const QString &file : files)
            QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
    }

    void matchesGolden()
    {
        QFETCH(QString, file);
        // NAME.sN.(frontend|strategy).json
        const QStringList parts = QFileInfo(file).fileName().split(QLatin1Char('.'));
        QCOMPARE(parts.size(), 4);
        QFile goldenFile(file);
        QVERIFY(goldenFile.open(QIODevice::ReadOnly));
        const QJsonObject golden = QJsonDocument::fromJson(goldenFile.readAll()).object();
        QVERIFY(!golden.isEmpty());

        const auto csv = market::readCsvBars(
            tests::goldenDir() + QStringLiteral("/inputs/") + parts[0] + QStringLiteral(".csv"));
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        analysis::AnalysisRequest request;
        request.ticker = "TEST.NS";
        request.strategyId = parts[1].mid(1).toInt();
        request.capital = 100000.0;
        QString error;
        const QByteArray config =
            parts[2] == QLatin1String("frontend") ? QByteArray(kFrontendConfig) : QByteArray("{}");
        QVERIFY2(report::parseAnalysisConfig(config, request.config, &error), qPrintable(error));

        const analysis::AnalysisResult result = analysis::analyzeBars(csv.bars, request);
        const QJsonObject ours = report::analysisResultToJson(result);

        QCOMPARE(
            ours.value(QStringLiteral("success")).toBool(), golden.value(QStringLiteral("success")).toBool());
        QCOMPARE(ours.value(QStringLiteral("verdict")).toString(),
            golden.value(QStringLiteral("verdict")).toString());
        QCOMPARE(ours.value(QStringLiteral("signal")).toString(),
            golden.value(QStringLiteral("signal")).toString());
        QCOMPARE(
            ours.value(QStringLiteral("score")).toDouble(), golden.value(QStringLiteral("score")).toDouble());
        for (const char *key : {"entry", "stop", "target"})
            QCOMPARE(ours.value(QLatin1String(key)).toDouble(), golden.value(QLatin1String(key)).toDouble());
        QCOMPARE(ours.value(QStringLiteral("position_size")).toInteger(),
            golden.value(QStringLiteral("position_size")).toInteger());
        QCOMPARE(ours.value(QStringLiteral("risk_message")).toString(),
            golden.value(QStringLiteral("risk_message")).toString());
        QCOMPARE(ours.value(QStringLiteral("risk_valid")).toBool(),
            golden.value(QStringLiteral("risk_valid")).toBool());
        QCOMPARE(ours.value(QStringLiteral("data_message")).toString(),
            golden.value(QStringLiteral("data_message")).toString());
        QCOMPARE(ours.value(QStringLiteral("data_warnings")).toArray(),
            golden.value(QStringLiteral("data_warnings")).toArray());
        QCOMPARE(ours.value(QStringLiteral("strategy_id")).toInt(),
            golden.value(QStringLiteral("strategy_id")).toInt());
        QCOMPARE(ours.value(QStringLiteral("strategy_name")).toString(),
            golden.value(QStringLiteral("strategy_name")).toString());

        // R:R: after the BUY post-fix the original reports the pre-fix ratio (spec bug 8); ours
        // is recomputed. The ratio of the golden (2-decimal) levels tells which case this is.
        const double entry = golden.value(QStringLiteral("entry")).toDouble();
        const double stop = golden.value(QStringLiteral("stop")).toDouble();
        const double target = golden.value(QStringLiteral("target")).toDouble();
        QVERIFY(entry != stop);
        const double levelRatio = std::fabs(target - entry) / std::fabs(entry - stop);
        const double goldenRatio = golden.value(QStringLiteral("risk_reward_ratio")).toDouble();
        const double ourRatio = ours.value(QStringLiteral("risk_reward_ratio")).toDouble();
        QVERIFY2(std::fabs(ourRatio - levelRatio) < 0.011, qPrintable(QString::number(ourRatio)));
        if (std::fabs(goldenRatio - levelRatio) < 0.011) // the original's ratio was right: same value
            QCOMPARE(ourRatio, goldenRatio);
        else // the stale pre-fix ratio of bug 8: only ever after a BUY post-fix
            QCOMPARE(golden.value(QStringLiteral("signal")).toString(), QStringLiteral("BUY"));

        const QJsonArray goldenIndicators = golden.value(QStringLiteral("indicators")).toArray();
        const QJsonArray ourIndicators = ours.value(QStringLiteral("indicators")).toArray();
        QCOMPARE(ourIndicators.size(), goldenIndicators.size());
        for (qsizetype i = 0; i < goldenIndicators.size(); ++i) {
            const QJsonObject g = goldenIndicators[i].toObject();
            const QJsonObject o = ourIndicators[i].toObject();
            const QByteArray where = g.value(QStringLiteral("name")).toString().toUtf8();
            QVERIFY2(o.value(QStringLiteral("name")) == g.value(QStringLiteral("name")), where.constData());
            QVERIFY2(o.value(QStringLiteral("category")) == g.value(QStringLiteral("category")),
                where.constData());
            QVERIFY2(o.value(QStringLiteral("vote")).toInt() == g.value(QStringLiteral("vote")).toInt(),
                where.constData());
            QVERIFY2(o.value(QStringLiteral("confidence")).toDouble()
                    == g.value(QStringLiteral("confidence")).toDouble(),
                where.constData());
            QVERIFY2(
                o.value(QStringLiteral("value")).toDouble() == g.value(QStringLiteral("value")).toDouble(),
                where.constData());
            QVERIFY2(o.value(QStringLiteral("error")) == g.value(QStringLiteral("error")), where.constData());
        }

        // Strategy 5 overlay: present exactly when the original had it. Fields that do not
        // depend on the MACD signal line (which the original lacked, spec bug 11) agree.
        QCOMPARE(ours.contains(QStringLiteral("validation")), golden.contains(QStringLiteral("validation")));
        if (golden.contains(QStringLiteral("validation"))) {
            const QJsonObject g = golden.value(QStringLiteral("validation")).toObject();
            const QJsonObject o = ours.value(QStringLiteral("validation")).toObject();
            for (const char *key : {"market_regime", "trend_valid", "trend_reason"})
                QCOMPARE(o.value(QLatin1String(key)), g.value(QLatin1String(key)));
            const QJsonArray ourWarnings = o.value(QStringLiteral("validation_warnings")).toArray();
            for (const auto &warning : g.value(QStringLiteral("validation_warnings")).toArray()) {
                if (!warning.toString().contains(QLatin1String("momentum indicators aligned")))
                    QVERIFY2(ourWarnings.contains(warning), qPrintable(warning.toString()));
            }
            QVERIFY(o.value(QStringLiteral("confidence_score")).toInt()
                <= g.value(QStringLiteral("confidence_score")).toInt());
        }
    }
};

QTEST_GUILESS_MAIN(TestAnalyzeGolden)
#include "tst_analyzegolden.moc"
