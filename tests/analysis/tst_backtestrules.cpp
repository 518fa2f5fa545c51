// The backtest's rules beyond the golden files: edge inputs and their responses (spec §9.5,
// §2.7), the cooldown after a loss, the metric definitions, portfolio and strategy comparison.
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

#include "backend/analysis/backtest.h"
#include "backend/analysis/backtestportfolio.h"
#include "backend/market/csvbars.h"
#include "backend/report/backtestjson.h"
#include "tests/analysis/goldendata.h"

using namespace thetool;
using analysis::BacktestStatus;

namespace {

analysis::Bars loadBars(const char *name)
{
    const auto csv = market::readCsvBars(
        tests::goldenDir() + QStringLiteral("/inputs/") + QLatin1String(name) + QStringLiteral(".csv"));
    return csv.bars;
}

analysis::Bars slice(const analysis::Bars &bars, std::size_t from, std::size_t to)
{
    analysis::Bars out;
    for (std::size_t i = from; i < to; ++i) {
        out.dates.push_back(bars.dates[i]);
        out.open.push_back(bars.open[i]);
        out.high.push_back(bars.high[i]);
        out.low.push_back(bars.low[i]);
        out.close.push_back(bars.close[i]);
        out.volume.push_back(bars.volume[i]);
    }
    return out;
}

analysis::BacktestRequest request(int strategyId, int days)
{
    return {"TEST.NS", strategyId, days, "csv"};
}

QStringList names(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list << QString::fromLatin1(item);
    return list;
}

QStringList keys(const QJsonObject &o)
{
    QStringList k = o.keys();
    k.sort();
    return k;
}

analysis::BacktestTrade trade(double pnl)
{
    analysis::BacktestTrade t;
    t.pnlPct = pnl;
    t.win = pnl > 0;
    return t;
}

// `n` flat bars at 100 (high 100.5, low 99.5), dates 2024-01-01.. (calendar days; no gaps needed).
analysis::Bars flatBars(std::size_t n)
{
    analysis::Bars b;
    for (std::size_t i = 0; i < n; ++i) {
        b.dates.push_back(QStringLiteral("2024-%1-%2")
                              .arg(1 + i / 28, 2, 10, QLatin1Char('0'))
                              .arg(1 + i % 28, 2, 10, QLatin1Char('0'))
                              .toStdString());
        b.open.push_back(100);
        b.high.push_back(100.5);
        b.low.push_back(99.5);
        b.close.push_back(100);
        b.volume.push_back(1000);
    }
    return b;
}

analysis::BacktestSignal signalAt(std::size_t index)
{
    analysis::BacktestSignal s;
    s.index = index;
    s.entryPrice = 100;
    s.atr = 0; // stop = the base stop
    return s;
}

} // namespace

class TestBacktestRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noSignals()
    {
        const auto r = analysis::runBacktest(loadBars("flat_runs_200"), request(1, 200));
        QCOMPARE(r.status, BacktestStatus::NoSignals);
        QVERIFY(r.ok());
        const QJsonObject o = report::backtestResultToJson(r);
        QCOMPARE(keys(o),
            names({"backtest_period", "losing_trades", "message", "strategy_description", "strategy_id",
                "strategy_name", "ticker", "total_signals", "winning_trades"}));
        QCOMPARE(o.value(QStringLiteral("message")).toString(),
            QStringLiteral("No buy signals generated in this period"));
        QCOMPARE(o.value(QStringLiteral("total_signals")).toInt(), 0);
    }

    void fewerBarsThanWarmUp()
    {
        const auto all = loadBars("rw_60_s1");
        // Below the validator's 50 rows: the no-data response.
        const auto r = analysis::runBacktest(slice(all, 0, 40), request(5, 40));
        QCOMPARE(r.status, BacktestStatus::NoData);
        const QJsonObject o = report::backtestResultToJson(r);
        QCOMPARE(keys(o), names({"error", "strategy_id", "strategy_name", "ticker"}));
        QCOMPARE(o.value(QStringLiteral("error")).toString(),
            QStringLiteral("No valid data available: Insufficient data: 40 rows (minimum 50 required)"));
        QCOMPARE(o.value(QStringLiteral("strategy_name")).toString(), QStringLiteral("Weekly 4% Target"));
        // Exactly 50 bars are valid, but signals start at bar 50: none.
        for (int id = 1; id <= 5; ++id)
            QCOMPARE(
                analysis::runBacktest(slice(all, 0, 50), request(id, 50)).status, BacktestStatus::NoSignals);
        // No bars at all.
        const auto none = analysis::runBacktest(analysis::Bars {}, request(1, 90));
        QCOMPARE(none.status, BacktestStatus::NoData);
        QVERIFY(none.error.starts_with("No valid data available: "));
    }

    void daysOutOfRange_data()
    {
        QTest::addColumn<int>("days");
        QTest::newRow("29") << 29;
        QTest::newRow("366") << 366;
        QTest::newRow("0") << 0;
        QTest::newRow("-5") << -5;
    }

    void daysOutOfRange()
    {
        QFETCH(int, days);
        const auto r = analysis::runBacktest(loadBars("rw_250_s1"), request(5, days));
        QCOMPARE(r.status, BacktestStatus::BadRequest);
        const QJsonObject o = report::backtestResultToJson(r);
        QCOMPARE(keys(o), names({"error", "ticker"}));
        QCOMPARE(
            o.value(QStringLiteral("error")).toString(), QStringLiteral("days must be between 30 and 365"));
    }

    void daysAtTheLimitsAreAccepted()
    {
        const auto bars = loadBars("rw_600_s2");
        QVERIFY(analysis::runBacktest(bars, request(1, 30)).ok());
        QVERIFY(analysis::runBacktest(bars, request(1, 365)).ok());
    }

    void unknownStrategy()
    {
        const auto r = analysis::runBacktest(loadBars("rw_250_s1"), request(6, 90));
        QCOMPARE(r.status, BacktestStatus::BadRequest);
        QCOMPARE(r.error, std::string("Invalid strategy_id: 6. Must be 1-5."));
    }

    void keepsTheLastDays()
    {
        const auto bars = loadBars("rw_600_s2");
        const auto r = analysis::runBacktest(bars, request(2, 100));
        QVERIFY(r.ok());
        QCOMPARE(r.daysAnalyzed, 100);
        QCOMPARE(r.periodStart, bars.dates[500]);
        QCOMPARE(r.periodEnd, bars.dates.back());
        for (const auto &t : r.trades)
            QVERIFY(t.entryDate >= bars.dates[550]); // signals start 50 bars into the window
    }

    // Missing dates (a hole of 15 bars) change nothing in the rules: bars are counted, not days.
    void dateGap()
    {
        const auto all = loadBars("rw_250_s1");
        analysis::Bars gapped = slice(all, 0, 120);
        const auto tail = slice(all, 135, all.size());
        for (std::size_t i = 0; i < tail.size(); ++i) {
            gapped.dates.push_back(tail.dates[i]);
            gapped.open.push_back(tail.open[i]);
            gapped.high.push_back(tail.high[i]);
            gapped.low.push_back(tail.low[i]);
            gapped.close.push_back(tail.close[i]);
            gapped.volume.push_back(tail.volume[i]);
        }
        const auto r = analysis::runBacktest(gapped, request(1, 235));
        QCOMPARE(r.status, BacktestStatus::Completed);
        QVERIFY(!r.trades.empty());
        for (const auto &t : r.trades) {
            const auto entry = std::find(gapped.dates.begin(), gapped.dates.end(), t.entryDate);
            QVERIFY(entry != gapped.dates.end());
            QCOMPARE(*(entry + t.barsHeld), t.exitDate); // held bars are rows of the data
        }
    }

    // A price gap is in the golden files (gap_down_40_200); a missing value must not crash.
    void nanBar()
    {
        auto bars = loadBars("rw_250_s1");
        bars.close[150] = std::numeric_limits<double>::quiet_NaN();
        for (int id = 1; id <= 5; ++id) {
            const auto r = analysis::runBacktest(bars, request(id, 250));
            QVERIFY(r.ok()); // one NaN in 250 rows is only a validator warning
            for (const auto &t : r.trades)
                QVERIFY(std::isfinite(t.pnlPct) && std::isfinite(t.exitPrice));
        }
    }

    void cooldownAfterLoss()
    {
        auto bars = flatBars(30);
        bars.low[1] = 97.0; // the trade from bar 0 hits its 2 % stop (98) on bar 1: loss ends at bar 1
        const auto &s1 = *analysis::findBacktestConfig(1); // cooldown 2 bars
        std::vector<analysis::BacktestTrade> trades;
        std::vector<analysis::ExcludedSignal> excluded;
        analysis::simulateBacktestTrades(
            bars, {signalAt(0), signalAt(2), signalAt(3), signalAt(26)}, s1, trades, excluded);
        QCOMPARE(trades.size(), std::size_t(2)); // bar 2 is 1 bar after the loss: skipped
        QCOMPARE(trades[0].reason, std::string("Hit stop loss"));
        QCOMPARE(trades[0].stopLoss, 98.0);
        QCOMPARE(trades[0].pnlPct, -2.0);
        QCOMPARE(trades[0].exitDate, bars.dates[1]);
        QCOMPARE(trades[1].entryDate, bars.dates[3]);
        QCOMPARE(trades[1].reason, std::string("Time exit (20 bars)"));
        QCOMPARE(trades[1].barsHeld, 20);
        QVERIFY(!trades[1].win); // pnl 0 is a loss
        QCOMPARE(excluded.size(), std::size_t(1));
        QCOMPARE(excluded[0].reason, std::string("Only 3 bars available (need 5)"));
        QCOMPARE(excluded[0].availableBars, 3);
    }

    void targetBeforeStopOnOneBar()
    {
        auto bars = flatBars(30);
        bars.high[2] = 105.0; // touches the 4 % target ...
        bars.low[2] = 90.0; // ... and the stop on the same bar: the target wins (optimistic)
        std::vector<analysis::BacktestTrade> trades;
        std::vector<analysis::ExcludedSignal> excluded;
        analysis::simulateBacktestTrades(
            bars, {signalAt(0)}, *analysis::findBacktestConfig(1), trades, excluded);
        QCOMPARE(trades.size(), std::size_t(1));
        QVERIFY(trades[0].win);
        QCOMPARE(trades[0].reason, std::string("Hit 4.0% target"));
        QCOMPARE(trades[0].exitPrice, 104.0);
        QCOMPARE(trades[0].barsHeld, 2);
    }

    void atrStopIsClamped()
    {
        const auto bars = flatBars(30);
        const auto &s5 = *analysis::findBacktestConfig(5); // 3 % .. 4 %, 1.5 × ATR
        const auto stopFor = [&](double atr) {
            auto signal = signalAt(0);
            signal.atr = atr;
            std::vector<analysis::BacktestTrade> trades;
            std::vector<analysis::ExcludedSignal> excluded;
            analysis::simulateBacktestTrades(bars, {signal}, s5, trades, excluded);
            return trades.size() == 1 ? trades[0].stopLoss : -1.0;
        };
        QCOMPARE(stopFor(1.0), 97.0); // 1.5 % → the 3 % base stop
        QCOMPARE(stopFor(2.4), 96.4); // 3.6 %
        QCOMPARE(stopFor(4.0), 96.0); // 6 % → the 4 % cap
        QCOMPARE(stopFor(0.0), 97.0); // no ATR: the base stop
    }

    void metrics()
    {
        const auto m =
            analysis::computeBacktestMetrics({trade(4.0), trade(-2.0), trade(4.0), trade(4.0), trade(-3.0)});
        QCOMPARE(m.totalSignals, 5);
        QCOMPARE(m.winningTrades, 3);
        QCOMPARE(m.losingTrades, 2);
        QCOMPARE(m.winRate, 60.0);
        QCOMPARE(m.profitFactor, 2.4);
        QCOMPARE(m.totalProfitPct, 7.0);
        QCOMPARE(m.avgWin, 4.0);
        QCOMPARE(m.avgLoss, -2.5);
        QCOMPARE(*m.expectancy, 1.4);
        QCOMPARE(m.maxDrawdown, -3.0); // cumulative 4, 2, 6, 10, 7
        QCOMPARE(m.consecutiveWins, 2);
        QCOMPARE(m.tradesPerDay, 0.06); // 5 / 90, whatever the period (kept bug 23)

        const auto noLosses = analysis::computeBacktestMetrics({trade(1.0), trade(2.0)});
        QCOMPARE(noLosses.profitFactor, 999.99);
        QCOMPARE(noLosses.maxDrawdown, 0.0);
        QVERIFY(!std::signbit(noLosses.maxDrawdown));
        const auto onlyLosses = analysis::computeBacktestMetrics({trade(-1.0), trade(0.0)});
        QCOMPARE(onlyLosses.profitFactor, 0.0);
        QCOMPARE(onlyLosses.losingTrades, 2); // a flat time exit counts as a loss
        QCOMPARE(onlyLosses.maxDrawdown, -1.0);

        const auto none = analysis::computeBacktestMetrics({});
        QCOMPARE(none.totalSignals, 0);
        QVERIFY(!none.expectancy);
        QCOMPARE(none.profitFactor, 0.0);
    }

    void allSignalsExcluded()
    {
        // rw_60_s1, strategy 3: five signals, all in the last five bars.
        const auto r = analysis::runBacktest(loadBars("rw_60_s1"), request(3, 60));
        QCOMPARE(r.status, BacktestStatus::Completed);
        QCOMPARE(r.trades.size(), std::size_t(0));
        QCOMPARE(r.excluded.size(), std::size_t(5));
        const QJsonObject o = report::backtestResultToJson(r);
        QVERIFY(!o.contains(QStringLiteral("expectancy")));
        QCOMPARE(o.value(QStringLiteral("exclusion_note")).toString(),
            QStringLiteral("5 signal(s) excluded due to insufficient data at end of period"));
    }

    void portfolio()
    {
        std::vector<analysis::TickerBars> tickers {{"A.NS", loadBars("reliance_80")}, {"EMPTY.NS", {}}};
        const auto p = analysis::backtestPortfolio(tickers, 80, 5);
        QVERIFY(p.ok());
        QCOMPARE(p.results.size(), std::size_t(2));
        QCOMPARE(p.results[0].second.status, BacktestStatus::Completed);
        QCOMPARE(p.results[0].second.metrics.totalSignals, 8);
        QCOMPARE(p.results[1].second.status, BacktestStatus::NoData);
        const QJsonObject o = report::portfolioResultToJson(p);
        QCOMPARE(o.value(QStringLiteral("tickers_analyzed")).toInt(), 2);
        QCOMPARE(o.value(QStringLiteral("strategy_name")).toString(), QStringLiteral("Weekly 4% Target"));
        QVERIFY(o.value(QStringLiteral("results"))
                    .toObject()
                    .value(QStringLiteral("EMPTY.NS"))
                    .toObject()
                    .contains(QStringLiteral("error")));

        std::vector<analysis::TickerBars> many(51, {"X.NS", {}});
        const auto tooMany = analysis::backtestPortfolio(many, 90, 5);
        QVERIFY(!tooMany.ok());
        QCOMPARE(tooMany.error, std::string("Maximum 50 tickers per portfolio backtest (got 51)"));
        QVERIFY(tooMany.results.empty());
        many.resize(50);
        QVERIFY(analysis::backtestPortfolio(many, 90, 5).ok());
        QVERIFY(!analysis::backtestPortfolio({}, 90, 5).ok());
        QCOMPARE(analysis::backtestPortfolio(tickers, 20, 5).error,
            std::string("days must be between 30 and 365"));
        QCOMPARE(analysis::backtestPortfolio(tickers, 90, 0).error,
            std::string("Invalid strategy_id: 0. Must be 1-5."));
    }

    void compareStrategies()
    {
        const auto bars = loadBars("reliance_80");
        const auto c = analysis::compareStrategies("TEST.NS", bars, 80, {1, 3, 9});
        QVERIFY(c.ok());
        const QJsonObject o = report::strategyComparisonToJson(c);
        const QJsonObject comparison = o.value(QStringLiteral("comparison")).toObject();
        QCOMPARE(keys(comparison), names({"strategy_1", "strategy_3", "strategy_9"}));
        QCOMPARE(comparison.value(QStringLiteral("strategy_1"))
                     .toObject()
                     .value(QStringLiteral("total_signals"))
                     .toInt(),
            16);
        QCOMPARE(comparison.value(QStringLiteral("strategy_3"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString(),
            QStringLiteral("No buy signals generated in this period"));
        QCOMPARE(comparison.value(QStringLiteral("strategy_9")).toObject(),
            QJsonObject({{QStringLiteral("error"), QStringLiteral("Invalid strategy_id: 9. Must be 1-5.")}}));
        QCOMPARE(o.value(QStringLiteral("days")).toInt(), 80);
        QVERIFY(!analysis::compareStrategies("TEST.NS", bars, 80, {}).ok());
        QVERIFY(!analysis::compareStrategies("TEST.NS", bars, 400, {1}).ok());
        QVERIFY(!analysis::compareStrategies("", bars, 80, {1}).ok());
    }

    void strategiesListing()
    {
        const QJsonObject s2 = report::backtestStrategyToJson(*analysis::findBacktestConfig(2));
        QCOMPARE(s2.value(QStringLiteral("name")).toString(), QStringLiteral("Trend Following"));
        const QJsonObject params = s2.value(QStringLiteral("params")).toObject();
        QCOMPARE(params.value(QStringLiteral("target_pct")).toDouble(), 6.0);
        QCOMPARE(params.value(QStringLiteral("stop_loss_pct")).toDouble(), 2.5);
        QCOMPARE(params.value(QStringLiteral("max_bars")).toInt(), 25);
        QCOMPARE(params.value(QStringLiteral("rsi_range")).toString(), QStringLiteral("40-80"));
    }
};

QTEST_GUILESS_MAIN(TestBacktestRules)
#include "tst_backtestrules.moc"
