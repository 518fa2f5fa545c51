// The pure parts of market data: the demo generator's determinism (in process and across two
// processes), its random source, periods, the NSE calendar, CSV dates, the chart parser and
// the staleness rule.
#include <QProcess>
#include <QTest>
#include <QTimeZone>

#include <cmath>

#include "backend/market/csvbars.h"
#include "backend/market/demodata.h"
#include "backend/market/demorandom.h"
#include "backend/market/period.h"
#include "backend/market/pricestore.h"
#include "backend/market/tradingcalendar.h"
#include "backend/market/yahoochartparser.h"

using namespace thetool::market;
using thetool::analysis::Bars;

namespace {

QDateTime ist(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone(5 * 3600 + 1800)).toUTC();
}

} // namespace

class TestMarketUnit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fnv1aKnownVectors()
    {
        QCOMPARE(DemoRandom::fnv1a64(""), 0xcbf29ce484222325ULL);
        QCOMPARE(DemoRandom::fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
        QCOMPARE(DemoRandom::fnv1a64("foobar"), 0x85944171f73967e8ULL);
        QCOMPARE(demoSeed(QStringLiteral(" reliance.ns ")), demoSeed(QStringLiteral("RELIANCE.NS")));
    }

    void randomSourceIsStableAndSane()
    {
        // xoshiro256** seeded by splitmix64(0): pinned so a change of algorithm is noticed.
        DemoRandom a(0);
        DemoRandom b(0);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(a.next(), b.next());
        DemoRandom r(42);
        double sum = 0, sumSq = 0;
        const int n = 20000;
        for (int i = 0; i < n; ++i) {
            const double z = r.normal(0.0, 1.0);
            QVERIFY(std::isfinite(z));
            sum += z;
            sumSq += z * z;
        }
        QVERIFY(std::fabs(sum / n) < 0.05);
        QVERIFY(std::fabs(sumSq / n - 1.0) < 0.05);
    }

    void demoBarsFollowTheSpec()
    {
        const QDateTime now = ist(2026, 1, 17, 12, 0); // a Saturday
        const Bars bars =
            generateDemoBars(QStringLiteral("RELIANCE.NS"), *Period::parse(QStringLiteral("1y")), now);
        QCOMPARE(int(bars.size()), 252);
        QCOMPARE(bars.dates.back(), std::string("2026-01-16")); // the Friday before
        for (std::size_t i = 0; i < bars.size(); ++i) {
            const QDate day = QDate::fromString(QString::fromStdString(bars.dates[i]), Qt::ISODate);
            QVERIFY(TradingCalendar::isTradingDay(day));
            if (i > 0) {
                QVERIFY(bars.dates[i - 1] < bars.dates[i]);
                QCOMPARE(bars.open[i], bars.close[i - 1]);
            }
            QVERIFY(bars.low[i] <= bars.close[i] && bars.close[i] <= bars.high[i]);
            QVERIFY(bars.volume[i] >= 1e6 && bars.volume[i] < 1e7);
            QCOMPARE(bars.volume[i], std::floor(bars.volume[i]));
        }
        QCOMPARE(bars.open[0], bars.close[0]);
        QCOMPARE(
            int(generateDemoBars(QStringLiteral("X"), *Period::parse(QStringLiteral("6mo")), now).size()),
            126);
        QCOMPARE(
            int(generateDemoBars(QStringLiteral("X"), *Period::parse(QStringLiteral("200d")), now).size()),
            200);
    }

    void demoBarsAreDeterministicInProcess()
    {
        const QDateTime now = ist(2026, 1, 15, 18, 0);
        const Period period = *Period::parse(QStringLiteral("2y"));
        const QByteArray a = formatCsvBars(generateDemoBars(QStringLiteral("TCS.NS"), period, now));
        const QByteArray b = formatCsvBars(generateDemoBars(QStringLiteral("TCS.NS"), period, now));
        QCOMPARE(a, b);
        QVERIFY(a != formatCsvBars(generateDemoBars(QStringLiteral("INFY.NS"), period, now)));
        // The clock moves the window, not the path.
        const Bars later = generateDemoBars(QStringLiteral("TCS.NS"), period, now.addDays(1));
        QVERIFY(later.dates.back() != generateDemoBars(QStringLiteral("TCS.NS"), period, now).dates.back());
    }

    void demoBarsAreByteIdenticalAcrossProcesses()
    {
        const QString bin = qEnvironmentVariable("THETOOL_BIN");
        QVERIFY2(!bin.isEmpty(), "THETOOL_BIN is not set");
        const QStringList args = {QStringLiteral("bars"), QStringLiteral("--symbol"),
            QStringLiteral("M&M.NS"), QStringLiteral("--demo"), QStringLiteral("--period"),
            QStringLiteral("2y"), QStringLiteral("--as-of"), QStringLiteral("2026-01-15")};
        QByteArray outputs[2];
        for (QByteArray &output : outputs) {
            QProcess process;
            process.start(bin, args);
            QVERIFY(process.waitForFinished(60000));
            QCOMPARE(process.exitCode(), 0);
            output = process.readAllStandardOutput();
        }
        QCOMPARE(outputs[0], outputs[1]);
        QCOMPARE(outputs[0].count('\n'), 505);
        // ... and equal to this process's bars for the same clock (18:00 IST on --as-of).
        QCOMPARE(outputs[0],
            formatCsvBars(generateDemoBars(
                QStringLiteral("M&M.NS"), *Period::parse(QStringLiteral("2y")), ist(2026, 1, 15, 18, 0))));
    }

    void periods_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("rows");
        QTest::addColumn<QDate>("start");
        const QDate end(2026, 3, 31);
        QTest::newRow("200d") << QStringLiteral("200d") << true << 200 << end.addDays(-200);
        QTest::newRow("6mo") << QStringLiteral("6MO") << true << 126 << QDate(2025, 9, 30);
        QTest::newRow("1y") << QStringLiteral("1y") << true << 252 << QDate(2025, 3, 31);
        QTest::newRow("0d") << QStringLiteral("0d") << false << 0 << QDate();
        QTest::newRow("max") << QStringLiteral("max") << false << 0 << QDate();
        QTest::newRow("1w") << QStringLiteral("1w") << false << 0 << QDate();
        QTest::newRow("huge") << QStringLiteral("99999y") << false << 0 << QDate();
    }

    void periods()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(int, rows);
        QFETCH(QDate, start);
        const auto period = Period::parse(text);
        QCOMPARE(period.has_value(), valid);
        if (!valid)
            return;
        QCOMPARE(period->demoRows(), rows);
        QCOMPARE(period->startFor(QDate(2026, 3, 31)), start);
        QCOMPARE(Period::parse(period->toString())->demoRows(), rows);
    }

    void nseCalendar()
    {
        // Friday 2026-01-16 before and after the 16:00 IST availability point.
        QCOMPARE(TradingCalendar::latestClosedSession(ist(2026, 1, 16, 15, 59)), QDate(2026, 1, 15));
        QCOMPARE(TradingCalendar::latestClosedSession(ist(2026, 1, 16, 16, 0)), QDate(2026, 1, 16));
        // The weekend and Monday morning still point at Friday.
        QCOMPARE(TradingCalendar::latestClosedSession(ist(2026, 1, 17, 12, 0)), QDate(2026, 1, 16));
        QCOMPARE(TradingCalendar::latestClosedSession(ist(2026, 1, 19, 9, 0)), QDate(2026, 1, 16));
        // 20:00 UTC on Friday is already Saturday in IST.
        QCOMPARE(TradingCalendar::istDate(QDateTime(QDate(2026, 1, 16), QTime(20, 0), Qt::UTC)),
            QDate(2026, 1, 17));
    }

    void staleness()
    {
        const QDateTime saturday = ist(2026, 1, 17, 12, 0);
        const QDateTime fridayEvening = ist(2026, 1, 16, 18, 0);
        QVERIFY(!PriceStore::isStale(QDate(2026, 1, 16), fridayEvening, saturday));
        QVERIFY(PriceStore::isStale(QDate(2026, 1, 15), ist(2026, 1, 16, 10, 0), saturday));
        // A holiday: fetched after Friday's bar was due and none came; no refetch.
        QVERIFY(!PriceStore::isStale(QDate(2026, 1, 15), fridayEvening, saturday));
        QVERIFY(PriceStore::isStale(QDate(2026, 1, 16), fridayEvening, ist(2026, 1, 19, 16, 30)));
        QVERIFY(PriceStore::isStale(QDate(), QDateTime(), saturday));
    }

    void csvDatesWithTimeAndOffset()
    {
        const auto csv = parseCsvBars("Date,Open,High,Low,Close,Volume\n"
                                      "2025-08-26,1,2,0.5,1.5,100\n"
                                      "2025-08-27 00:00:00,1,2,0.5,1.5,100\n"
                                      "2025-08-28 00:00:00+05:30,1,2,0.5,1.5,100\n"
                                      "2025-08-29T09:15:00Z,1,2,0.5,1.5,100\n"
                                      "2025-09-01T09:15:00.000-0400,1,2,0.5,1.5,100\n");
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(int(csv.bars.size()), 5);
        QCOMPARE(csv.bars.dates[4], std::string("2025-09-01"));
        const auto bad = parseCsvBars("date,open,high,low,close,volume\n2025-02-30,1,2,0.5,1.5,100\n");
        QVERIFY(bad.error.startsWith(QLatin1String("line 2: bad date '2025-02-30'")));
        const auto junk =
            parseCsvBars("date,open,high,low,close,volume\n2025-02-03 garbage,1,2,0.5,1.5,100\n");
        QVERIFY(junk.error.startsWith(QLatin1String("line 2: bad date")));
    }

    void csvRoundTrip()
    {
        const Bars bars = generateDemoBars(
            QStringLiteral("RT"), *Period::parse(QStringLiteral("60d")), ist(2026, 1, 5, 18, 0));
        const auto back = parseCsvBars(formatCsvBars(bars));
        QVERIFY2(back.ok(), qPrintable(back.error));
        QCOMPARE(back.bars.close, bars.close);
        QCOMPARE(back.bars.dates, bars.dates);
    }

    void chartParserRefusesOddShapes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::newRow("not json") << QByteArray("<html>") << int(MarketDataError::Kind::Malformed);
        QTest::newRow("no chart") << QByteArray("{}") << int(MarketDataError::Kind::Malformed);
        QTest::newRow("null result") << QByteArray("{\"chart\":{\"result\":null,\"error\":null}}")
                                     << int(MarketDataError::Kind::Malformed);
        QTest::newRow("length mismatch") << QByteArray(
            "{\"chart\":{\"result\":[{\"timestamp\":[1,2],\"indicators\":{\"quote\":[{\"close\":[1]}]}}]}}")
                                         << int(MarketDataError::Kind::Malformed);
        QTest::newRow("all null closes") << QByteArray(
            "{\"chart\":{\"result\":[{\"timestamp\":[1],\"indicators\":{\"quote\":[{\"close\":[null]}]}}]}}")
                                         << int(MarketDataError::Kind::NoData);
        QTest::newRow("null open only") << QByteArray(
            "{\"chart\":{\"result\":[{\"timestamp\":[1],\"indicators\":{\"quote\":[{\"open\":[null],"
            "\"high\":[2],\"low\":[1],\"close\":[1.5]}]}}]}}")
                                        << int(MarketDataError::Kind::NoData);
        QTest::newRow("out of order") << QByteArray(
            "{\"chart\":{\"result\":[{\"timestamp\":[200000,100],"
            "\"indicators\":{\"quote\":[{\"open\":[1,2],\"high\":[1,2],\"low\":[1,2],\"close\":[1,2]}]}}]}}")
                                      << int(MarketDataError::Kind::Malformed);
    }

    void chartParserRefusesOddShapes()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QCOMPARE(int(parseYahooChart(body, 200, QStringLiteral("X")).error.kind), kind);
    }
};

QTEST_GUILESS_MAIN(TestMarketUnit)
#include "tst_market_unit.moc"
