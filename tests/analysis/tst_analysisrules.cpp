// Rules of spec §8 beyond the golden cases: the §8.6 worked example, the configuration
// merge, the §8.9 trade example, and edge inputs that must give a clear result or message.
#include <QDate>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <functional>

#include "backend/analysis/aggregation.h"
#include "backend/analysis/analyzer.h"
#include "backend/analysis/datavalidator.h"
#include "backend/analysis/pyformat.h"
#include "backend/analysis/strategy.h"
#include "backend/analysis/tradelevels.h"
#include "backend/market/csvbars.h"
#include "backend/report/analysisjson.h"

using namespace thetool;
using analysis::Bars;
using analysis::IndicatorId;

Q_DECLARE_METATYPE(std::function<void(Bars &)>)

namespace {

// Deterministic bars with a gentle zig-zag so that every indicator has a range.
Bars makeBars(int count)
{
    Bars b;
    for (int i = 0; i < count; ++i) {
        const double close = 100.0 + 5.0 * std::sin(i / 4.0) + 0.1 * i;
        b.dates.push_back(QDate(2024, 1, 1).addDays(i).toString(Qt::ISODate).toStdString());
        b.open.push_back(close - 0.3);
        b.high.push_back(close + 1.0);
        b.low.push_back(close - 1.0);
        b.close.push_back(close);
        b.volume.push_back(1e6 + 1000.0 * (i % 7));
    }
    return b;
}

analysis::IndicatorResult vote(IndicatorId id, int v, double confidence)
{
    analysis::IndicatorResult r;
    r.id = id;
    r.name = analysis::indicatorInfo(id).name;
    r.category = analysis::indicatorInfo(id).category;
    r.vote = v;
    r.confidence = confidence;
    return r;
}

analysis::AnalysisResult analyze(const Bars &bars, int strategy = 1)
{
    analysis::AnalysisRequest request;
    request.ticker = "EDGE.NS";
    request.strategyId = strategy;
    request.capital = 100000.0;
    return analysis::analyzeBars(bars, request);
}

} // namespace

class TestAnalysisRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workedExample_data()
    {
        QTest::addColumn<int>("strategy");
        QTest::addColumn<double>("score");
        QTest::addColumn<QString>("verdict");
        QTest::newRow("S1") << 1 << 0.112 << QStringLiteral("Hold");
        QTest::newRow("S2") << 2 << -0.529 << QStringLiteral("Sell");
        QTest::newRow("S3") << 3 << 0.632 << QStringLiteral("Strong Buy");
        QTest::newRow("S4") << 4 << 0.112 << QStringLiteral("Hold");
        QTest::newRow("S5") << 5 << 0.658 << QStringLiteral("Strong Buy");
    }

    // Spec §8.6: one real indicator set, each strategy's own weights.
    void workedExample()
    {
        QFETCH(int, strategy);
        QFETCH(double, score);
        QFETCH(QString, verdict);
        const std::vector<analysis::IndicatorResult> results = {
            vote(IndicatorId::Rsi, 1, 0.31),
            vote(IndicatorId::Macd, -1, 0.34),
            vote(IndicatorId::Adx, -1, 0.30),
            vote(IndicatorId::Psar, -1, 1.0),
            vote(IndicatorId::Ema, 0, 0.0),
            vote(IndicatorId::Stochastic, 1, 0.71),
            vote(IndicatorId::Cci, 1, 0.77),
            vote(IndicatorId::Williams, 1, 0.94),
            vote(IndicatorId::Atr, 0, 0.52),
            vote(IndicatorId::Bollinger, 0, 0.0),
            vote(IndicatorId::Obv, -1, 1.0),
            vote(IndicatorId::Cmf, 1, 0.64),
        };
        const analysis::Strategy &s = *analysis::findStrategy(strategy);
        const auto aggregate = analysis::aggregateVotes(results, s.categoryWeights, s.indicatorWeights);
        QCOMPARE(analysis::pyRound(aggregate.score, 3), score);
        QCOMPARE(QString::fromStdString(aggregate.verdict), verdict);
    }

    void zeroIndicatorWeightSkipsTheIndicator()
    {
        const std::vector<analysis::IndicatorResult> results = {
            vote(IndicatorId::Rsi, 1, 0.5), vote(IndicatorId::Macd, -1, 0.5)};
        const analysis::WeightList categories = {{"trend", 1.0}, {"momentum", 1.0}};
        const auto a = analysis::aggregateVotes(results, categories, {{"macd", 0.0}});
        QCOMPARE(a.score, 1.0);
        QCOMPARE(analysis::aggregateVotes({}, categories, {}).score, 0.0);
    }

    // §8.1 with the fix: a null means "use the default", like an absent key.
    void configMergeTreatsNullAsDefault()
    {
        analysis::AnalysisConfig config;
        QString error;
        QVERIFY2(
            report::parseAnalysisConfig(R"({"stop_loss_pct": null, "target_pct": 5, "category_weights": null,
            "risk_percent": null, "capital": null})",
                config, &error),
            qPrintable(error));
        const auto merged = analysis::withStrategyDefaults(config, *analysis::findStrategy(2));
        QCOMPARE(*merged.stopLossPct, 2.5);
        QCOMPARE(*merged.targetPct, 5.0);
        QCOMPARE(*merged.useDynamicStop, false);
        QCOMPARE(*merged.atrMultiplier, 2.0);
        QCOMPARE(*merged.maxStopLossPct, 4.0);
        QVERIFY(!merged.riskPercent && !merged.capital);
        const auto s5 = analysis::withStrategyDefaults({}, *analysis::findStrategy(5));
        QCOMPARE(*s5.targetPct, 4.0);
        QCOMPARE(*s5.useDynamicStop, true);
        QCOMPARE(*s5.atrMultiplier, 1.5);
        QCOMPARE(*s5.useWiderStopForVolatility, true);
        QCOMPARE(analysis::findStrategy(3)->targetPct(), 2.25);
        QCOMPARE(analysis::findStrategy(4)->targetPct(), 7.5);
    }

    void configErrorsNameTheKey()
    {
        analysis::AnalysisConfig config;
        QString error;
        QVERIFY(!report::parseAnalysisConfig(R"({"risk_percent": "2"})", config, &error));
        QVERIFY2(error.contains(QLatin1String("risk_percent")), qPrintable(error));
        QVERIFY(!report::parseAnalysisConfig("[1]", config, &error));
        QVERIFY(!report::parseAnalysisConfig("{nope", config, &error));
        QVERIFY(error.contains(QLatin1String("not valid JSON")));
    }

    void enabledIndicatorsKeepRequestOrder()
    {
        analysis::AnalysisConfig config;
        QVERIFY(report::parseAnalysisConfig(
            R"({"enabled_indicators": {"cmf": true, "rsi": true, "macd": false, "nonsense": true, "adx": true}})",
            config, nullptr));
        const auto ids = analysis::selectedIndicators(config);
        QCOMPARE(ids.size(), std::size_t(3));
        QVERIFY(ids[0] == IndicatorId::Cmf && ids[1] == IndicatorId::Rsi && ids[2] == IndicatorId::Adx);
        QVERIFY(report::parseAnalysisConfig(R"({"enabled_indicators": {"rsi": false}})", config, nullptr));
        QCOMPARE(analysis::selectedIndicators(config).size(), std::size_t(12)); // none enabled: all twelve
    }

    void unknownStrategyRunsStrategyOneButKeepsItsId()
    {
        const auto r = analyze(makeBars(120), 9);
        QVERIFY(r.success);
        QCOMPARE(*r.strategyId, 9);
        QCOMPARE(r.strategyName, std::string("Strategy 1"));
    }

    // Spec §8.9: Strategy 5 BUY at 100 with ATR 3: stop capped at 4 %, target fixed to
    // 1.5 × risk; the R:R is recomputed (1.5, where the original kept 1.0); 200 shares.
    void strategy5PostFixExample()
    {
        const auto config = analysis::withStrategyDefaults({}, *analysis::findStrategy(5));
        auto levels = analysis::computeTradeLevels(100.0, 3.0, "Buy", 0.4, config, 100000.0);
        QCOMPARE(levels.stop, 96.0);
        QCOMPARE(levels.target, 104.0);
        QCOMPARE(analysis::pyRound(levels.riskReward, 2), 1.0);
        QCOMPARE(levels.positionSize, 200LL);
        QCOMPARE(levels.riskMessage, std::string("Position: 200 shares (risk: 2.0%, limit: 20.0%)"));
        analysis::applyBuyPostFix(levels, 100.0);
        QCOMPARE(levels.target, 106.0);
        QCOMPARE(analysis::pyRound(levels.riskReward, 2), 1.5);
    }

    void tradeLevelsBySide()
    {
        const auto config = analysis::withStrategyDefaults({}, *analysis::findStrategy(1));
        const auto sell = analysis::computeTradeLevels(200.0, NAN, "Strong Sell", -0.7, config, std::nullopt);
        QCOMPARE(sell.stop, 204.0);
        QCOMPARE(sell.target, 192.0);
        QCOMPARE(sell.signal, std::string("SELL"));
        QCOMPARE(sell.riskMessage, std::string("No capital provided"));
        QVERIFY(sell.riskValid);
        const auto hold = analysis::computeTradeLevels(200.0, NAN, "Hold", 0.1, config, 5000.0);
        QCOMPARE(hold.stop, 196.0); // Hold gets the long-side levels
        QCOMPARE(hold.target, 208.0);
        QCOMPARE(hold.positionSize, 5LL); // min(floor(100/4), floor(1000/200))
    }

    void edgeInputs_data()
    {
        QTest::addColumn<int>("bars");
        QTest::addColumn<std::function<void(Bars &)>>("change");
        QTest::addColumn<bool>("success");
        QTest::addColumn<QString>("message"); // data_message (error) or a data warning / indicator error
        const std::function<void(Bars &)> none = [](Bars &) {
        };
        QTest::newRow("0 bars") << 0 << none << false << QStringLiteral("Empty DataFrame");
        QTest::newRow("1 bar") << 1 << none << false
                               << QStringLiteral("Insufficient data: 1 rows (minimum 50 required)");
        QTest::newRow("49 bars") << 49 << none << false
                                 << QStringLiteral("Insufficient data: 49 rows (minimum 50 required)");
        QTest::newRow("50 bars") << 50 << none << true
                                 << QStringLiteral("Need at least 52 rows for slow period 26, got 50");
        QTest::newRow("flat prices") << 80 << std::function<void(Bars &)>([](Bars &b) {
            for (std::size_t i = 0; i < b.size(); ++i)
                b.open[i] = b.high[i] = b.low[i] = b.close[i] = 50.0;
        }) << true << QStringLiteral("Stochastic %K calculation resulted in NaN or Inf");
        QTest::newRow("zero volume") << 80 << std::function<void(Bars &)>([](Bars &b) {
            std::fill(b.volume.begin(), b.volume.end(), 0.0);
        }) << true << QStringLiteral("High zero-volume days: 80 (100.0%)");
        QTest::newRow("High = Low") << 80 << std::function<void(Bars &)>([](Bars &b) {
            b.high = b.close;
            b.low = b.close;
            b.open = b.close;
        }) << true << QStringLiteral("CMF calculation resulted in NaN or Inf");
        QTest::newRow("few NaN") << 80 << std::function<void(Bars &)>([](Bars &b) {
            b.close[10] = NAN;
            b.volume[20] = NAN;
        }) << true << QStringLiteral("Some NaN values detected in: Close(1), Volume(1)");
        QTest::newRow("many NaN") << 80 << std::function<void(Bars &)>([](Bars &b) {
            std::fill(b.high.begin(), b.high.begin() + 45, NAN);
        }) << false << QStringLiteral("Too many NaN values (11.2%) in: High(45)");
        QTest::newRow("NaN last close")
            << 80 << std::function<void(Bars &)>([](Bars &b) { b.close.back() = NAN; }) << false
            << QStringLiteral("No Close price on the last bar");
        QTest::newRow("negative price")
            << 80 << std::function<void(Bars &)>([](Bars &b) { b.low[30] = -1.0; }) << false
            << QStringLiteral("Invalid Low prices (zero/negative): 1 rows");
        QTest::newRow("negative volume")
            << 80 << std::function<void(Bars &)>([](Bars &b) { b.volume[5] = -10; }) << false
            << QStringLiteral("Invalid Volume (negative): 1 rows");
        QTest::newRow("high below low")
            << 80 << std::function<void(Bars &)>([](Bars &b) { std::swap(b.high[7], b.low[7]); }) << false
            << QStringLiteral("Invalid OHLC data: High < Low in 1 rows");
        QTest::newRow("unsorted dates")
            << 80 << std::function<void(Bars &)>([](Bars &b) { std::swap(b.dates[3], b.dates[4]); }) << false
            << QStringLiteral("Dates not in ascending order: 2024-01-04 follows 2024-01-05 (row 5)");
        QTest::newRow("duplicate dates")
            << 80 << std::function<void(Bars &)>([](Bars &b) { b.dates[9] = b.dates[8]; }) << false
            << QStringLiteral("Duplicate date 2024-01-09 (rows 9 and 10)");
        QTest::newRow("extreme move") << 80 << std::function<void(Bars &)>([](Bars &b) {
            for (std::size_t i = 60; i < b.size(); ++i) {
                b.open[i] *= 3;
                b.high[i] *= 3;
                b.low[i] *= 3;
                b.close[i] *= 3;
            }
        }) << true << QStringLiteral("Extreme price movements detected: 1 days (>50% change)");
    }

    void edgeInputs()
    {
        QFETCH(int, bars);
        QFETCH(std::function<void(Bars &)>, change);
        QFETCH(bool, success);
        QFETCH(QString, message);
        Bars b = makeBars(bars);
        change(b);
        const auto series = analysis::computeIndicators(b, analysis::FormulaProfile::Classic);
        QCOMPARE(series.size(), b.size());
        const auto r = analyze(b);
        QCOMPARE(r.success, success);
        const QJsonObject json = report::analysisResultToJson(r);
        const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
        QVERIFY2(!text.contains("nan") && !text.contains("inf"), text.constData());
        if (!success) {
            QCOMPARE(QString::fromStdString(r.dataMessage), message);
            QCOMPARE(QString::fromStdString(r.error), message);
            QCOMPARE(r.verdict, std::string("Error"));
            QVERIFY(r.indicators.empty());
            QVERIFY(!json.contains(QStringLiteral("strategy_id")));
            return;
        }
        QCOMPARE(r.indicators.size(), std::size_t(12));
        QVERIFY(std::isfinite(r.score) && r.score >= -1 && r.score <= 1);
        QVERIFY(std::isfinite(r.entry) && std::isfinite(r.stop) && std::isfinite(r.target));
        bool found = false;
        for (const auto &w : r.dataWarnings)
            found = found || QString::fromStdString(w) == message;
        for (const auto &i : r.indicators)
            found = found || QString::fromStdString(i.error) == message;
        QVERIFY2(found, qPrintable(message));
    }

    void csvReaderFormats()
    {
        const auto yf = market::parseCsvBars("Date,Open,High,Low,Close,Volume,Dividends,Stock Splits\n"
                                             "2025-08-28 00:00:00+05:30,1,2,0.5,1.5,100,0.0,0.0\n"
                                             "2025-08-29 00:00:00+05:30,1.5,2,1,1.8,200,0.0,0.0\n");
        QVERIFY2(yf.ok(), qPrintable(yf.error));
        QCOMPARE(yf.bars.size(), std::size_t(2));
        QCOMPARE(yf.bars.dates[1], std::string("2025-08-29"));
        QCOMPARE(yf.bars.close[1], 1.8);
        const auto plain =
            market::parseCsvBars("VOLUME,close,Low,HIGH,open,DATE\r\n10,5,4,6,5,2024-01-02\r\n");
        QVERIFY2(plain.ok(), qPrintable(plain.error));
        QCOMPARE(plain.bars.high[0], 6.0);
        QCOMPARE(plain.bars.volume[0], 10.0);
        const auto nan = market::parseCsvBars("date,open,high,low,close,volume\n2024-01-02,,6,4,5,nan\n");
        QVERIFY(nan.ok());
        QVERIFY(std::isnan(nan.bars.open[0]) && std::isnan(nan.bars.volume[0]));
    }

    void csvReaderErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        const QByteArray header = "date,open,high,low,close,volume\n";
        QTest::newRow("no header") << QByteArray() << QStringLiteral("no header line");
        QTest::newRow("missing column") << QByteArray("date,open,high,low,close\n")
                                        << QStringLiteral("line 1: header has no 'volume' column");
        QTest::newRow("bad number") << header + "2024-01-02,1,2,1,x,5\n"
                                    << QStringLiteral("line 2: bad close value 'x'");
        QTest::newRow("bad date") << header + "2024-01-02,1,2,1,1,5\n02/01/2024,1,2,1,1,5\n"
                                  << QStringLiteral("line 3: bad date '02/01/2024'");
        QTest::newRow("short row") << header + "2024-01-02,1,2\n" << QStringLiteral("line 2: 3 fields");
        QTest::newRow("duplicate") << header + "2024-01-02,1,2,1,1,5\n2024-01-02,1,2,1,1,5\n"
                                   << QStringLiteral("line 3: duplicate date 2024-01-02");
        QTest::newRow("unsorted") << header + "2024-01-03,1,2,1,1,5\n2024-01-02,1,2,1,1,5\n"
                                  << QStringLiteral("line 3: date 2024-01-02 comes after 2024-01-03");
    }

    void csvReaderErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        const auto csv = market::parseCsvBars(text);
        QVERIFY(!csv.ok());
        QVERIFY2(csv.error.startsWith(error), qPrintable(csv.error));
    }

    void strategiesAreComplete()
    {
        QCOMPARE(analysis::strategies().size(), std::size_t(5));
        for (const auto &s : analysis::strategies()) {
            QCOMPARE(s.indicatorWeights.size(), std::size_t(12));
            QCOMPARE(s.categoryWeights.size(), std::size_t(4));
            QVERIFY(!s.description.empty());
            const std::string help = analysis::strategyHelpMarkdown(s);
            QVERIFY(help.rfind("# Strategy " + std::to_string(s.id), 0) == 0);
            QVERIFY(help.find(s.description) != std::string::npos);
            const QJsonObject json = report::strategyToJson(s);
            QCOMPARE(json.value(QStringLiteral("indicator_weights")).toObject().size(), 12);
            QVERIFY(json.value(QStringLiteral("indicator_params")).isObject());
        }
        QCOMPARE(report::strategyToJson(*analysis::findStrategy(5))
                     .value(QStringLiteral("indicator_params"))
                     .toObject()
                     .value(QStringLiteral("macd_slow"))
                     .toInt(),
            17);
        QVERIFY(analysis::findStrategy(0) == nullptr);
        QCOMPARE(analysis::strategyOrDefault(42).id, 1);
    }
};

QTEST_GUILESS_MAIN(TestAnalysisRules)
#include "tst_analysisrules.moc"
