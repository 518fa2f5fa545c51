// The Yahoo chart-API client on its market-data thread against a local HTTP server serving
// recorded-format responses: the right bars or the right error, and exactly one retry (with
// 100d and the shorter timeout) when, and only when, the request failed in transit.
#include <QFile>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

#include "backend/market/marketdataservice.h"
#include "backend/market/yahoochartclient.h"
#include "tests/market/fakechartserver.h"
#include "tests/support/testenv.h"

using namespace thetool::market;
using thetool::test::FakeChartServer;
using Kind = MarketDataError::Kind;

namespace {

QByteArray recorded(const char *name)
{
    QFile file(thetool::test::sourceDir() + QStringLiteral("/tests/data/market/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A clock well inside the recorded data's range.
const QDateTime kNow(QDate(2026, 1, 14), QTime(12, 0), Qt::UTC);

MarketDataOptions fastOptions(const QString &url)
{
    MarketDataOptions options;
    options.baseUrl = url;
    // Shorter timeouts keep the stall cases quick, yet leave a loaded machine ample time for a
    // local answer; the defaults (10 s, 5 s) are checked apart.
    options.timeoutMs = 3000;
    options.retryTimeoutMs = 2000;
    options.backoffInitialMs = 60000;
    return options;
}

qint64 spanDays(const QByteArray &target)
{
    const QUrlQuery query(QUrl(QString::fromLatin1(target)).query());
    return (query.queryItemValue(QStringLiteral("period2")).toLongLong()
               - query.queryItemValue(QStringLiteral("period1")).toLongLong())
        / 86400;
}

} // namespace

class TestYahooClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreTheSpecs()
    {
        const MarketDataOptions options;
        QCOMPARE(options.baseUrl, QStringLiteral("https://query1.finance.yahoo.com"));
        QCOMPARE(options.timeoutMs, 10000);
        QCOMPARE(options.retryTimeoutMs, 5000);
        QCOMPARE(options.retryPeriod, QStringLiteral("100d"));
        QVERIFY(options.userAgent.startsWith(QLatin1String("Mozilla/5.0")));
    }

    void responses_data()
    {
        QTest::addColumn<QList<FakeChartServer::Response>>("script");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("requests");
        QTest::addColumn<int>("bars");
        QTest::addColumn<QString>("message");
        using R = FakeChartServer::Response;
        const R normal {200, recorded("yahoo_normal.json"), false, {}, 0};
        const R five00 {500, "{\"error\":\"boom\"}", false, {}};
        QTest::newRow("normal") << QList<R> {normal} << int(Kind::None) << 1 << 3 << QString();
        QTest::newRow("split-adjusted") << QList<R> {{200, recorded("yahoo_split.json"), false, {}}}
                                        << int(Kind::None) << 1 << 3 << QString();
        QTest::newRow("gaps and live bar") << QList<R> {{200, recorded("yahoo_gaps.json"), false, {}}}
                                           << int(Kind::None) << 1 << 2 << QString();
        QTest::newRow("empty result")
            << QList<R> {{200, recorded("yahoo_empty.json"), false, {}}} << int(Kind::NoData) << 1 << 0
            << QStringLiteral("No data available for RELIANCE.NS");
        QTest::newRow("unknown symbol")
            << QList<R> {{404, recorded("yahoo_unknown.json"), false, {}}} << int(Kind::UnknownSymbol) << 1
            << 0 << QStringLiteral("unknown symbol RELIANCE.NS");
        QTest::newRow("429") << QList<R> {{429, "Too Many Requests", false, {}}} << int(Kind::RateLimited)
                             << 1 << 0 << QStringLiteral("HTTP 429");
        QTest::newRow("500 twice") << QList<R> {five00, five00} << int(Kind::Http) << 2 << 0
                                   << QStringLiteral("answered HTTP 500");
        QTest::newRow("500 then data") << QList<R> {five00, normal} << int(Kind::None) << 2 << 3 << QString();
        QTest::newRow("truncated JSON")
            << QList<R> {{200, recorded("yahoo_truncated.json"), false, {}}} << int(Kind::Malformed) << 2 << 0
            << QStringLiteral("malformed response");
        QTest::newRow("stall past the timeout") << QList<R> {{200, {}, true, {}}} << int(Kind::Timeout) << 2
                                                << 0 << QStringLiteral("did not answer");
        QTest::newRow("stall then data")
            << QList<R> {{200, {}, true, {}}, normal} << int(Kind::None) << 2 << 3 << QString();
    }

    void responses()
    {
        QFETCH(QList<FakeChartServer::Response>, script);
        QFETCH(int, kind);
        QFETCH(int, requests);
        QFETCH(int, bars);
        QFETCH(QString, message);
        FakeChartServer server;
        server.setScript(script);
        MarketDataService service(fastOptions(server.url()));
        const FetchResult result =
            service.fetch(QStringLiteral("RELIANCE.NS"), *Period::parse(QStringLiteral("200d")), kNow)
                ->wait(QDeadlineTimer(20000));
        QCOMPARE(int(result.error.kind), kind);
        QVERIFY2(result.error.message.contains(message), qPrintable(result.error.message));
        QCOMPARE(server.requestCount(), requests);
        QCOMPARE(result.attempts, requests);
        QCOMPARE(int(result.bars.size()), bars);
        // The first request asks for the period; the one retry for 100d.
        const QList<QByteArray> targets = server.requests();
        QVERIFY(targets.first().startsWith("/v8/finance/chart/RELIANCE.NS?"));
        QCOMPARE(spanDays(targets.first()), 201);
        if (requests == 2)
            QCOMPARE(spanDays(targets.at(1)), 101);
        QVERIFY(targets.first().contains("interval=1d"));
        QVERIFY(server.userAgents().first().startsWith("Mozilla/5.0"));
        if (result.ok())
            QCOMPARE(result.source, QStringLiteral("yahoo"));
    }

    void barsAreAdjustedAndDatedInExchangeTime()
    {
        FakeChartServer server;
        server.setScript({{200, recorded("yahoo_split.json"), false, {}}});
        MarketDataService service(fastOptions(server.url()));
        const FetchResult result =
            service.fetch(QStringLiteral("RELIANCE.NS"), *Period::parse(QStringLiteral("1mo")), kNow)->wait();
        QVERIFY2(result.ok(), qPrintable(result.error.message));
        QCOMPARE(result.bars.dates.front(), std::string("2026-01-12"));
        QCOMPARE(result.bars.dates.back(), std::string("2026-01-14"));
        // Day 1: adjclose/close = 735/750 = 0.98 scales O/H/L/C; volume as reported.
        QCOMPARE(result.bars.close[0], 735.0);
        QCOMPARE(result.bars.open[0], 745.0 * 0.98);
        QCOMPARE(result.bars.high[0], 752.5 * 0.98);
        QCOMPARE(result.bars.low[0], 742.5 * 0.98);
        QCOMPARE(result.bars.volume[0], 10246800.0);
        // The last day needs no adjustment.
        QCOMPARE(result.bars.open[2], 756.0);
        QCOMPARE(result.bars.close[2], 747.5);
    }

    void ampersandSymbolIsEncoded()
    {
        FakeChartServer server;
        server.setScript({{200, recorded("yahoo_normal.json"), false, {}, 0}});
        MarketDataService service(fastOptions(server.url()));
        const FetchResult result =
            service.fetch(QStringLiteral("M&M.NS"), *Period::parse(QStringLiteral("1y")), kNow)->wait();
        QVERIFY2(result.ok(), qPrintable(result.error.message));
        QVERIFY2(server.requests().first().startsWith("/v8/finance/chart/M%26M.NS?"),
            server.requests().first().constData());
        QCOMPARE(spanDays(server.requests().first()), 366);
    }

    void noNetwork()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        } // closed: connections are refused
        MarketDataService service(fastOptions(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        const FetchResult result =
            service.fetch(QStringLiteral("TCS.NS"), *Period::parse(QStringLiteral("200d")), kNow)
                ->wait(QDeadlineTimer(20000));
        QCOMPARE(int(result.error.kind), int(Kind::Network));
        QVERIFY2(
            result.error.message.startsWith(QLatin1String("cannot reach market data provider 127.0.0.1")),
            qPrintable(result.error.message));
        QCOMPARE(result.attempts, 2);
    }

    void cancelAbortsTheRequest()
    {
        FakeChartServer server;
        server.setScript({{200, {}, true, {}}});
        MarketDataOptions options = fastOptions(server.url());
        options.timeoutMs = 600000; // only the cancel can end it
        MarketDataService service(options);
        const auto pending =
            service.fetch(QStringLiteral("INFY.NS"), *Period::parse(QStringLiteral("200d")), kNow);
        QTRY_COMPARE(server.requestCount(), 1);
        pending->cancel();
        const FetchResult result = pending->wait(QDeadlineTimer(20000));
        QCOMPARE(int(result.error.kind), int(Kind::Cancelled));
        QCOMPARE(server.requestCount(), 1); // no retry after a cancel
    }

    void callersDeadlineCancels()
    {
        FakeChartServer server;
        server.setScript({{200, {}, true, {}}});
        MarketDataOptions options = fastOptions(server.url());
        options.timeoutMs = 600000;
        MarketDataService service(options);
        const auto pending =
            service.fetch(QStringLiteral("INFY.NS"), *Period::parse(QStringLiteral("200d")), kNow);
        const FetchResult result = pending->wait(QDeadlineTimer(300));
        QCOMPARE(int(result.error.kind), int(Kind::Timeout));
        QVERIFY(pending->isCancelled());
        QTRY_VERIFY(pending->isFinished());
        QCOMPARE(int(pending->wait().error.kind), int(Kind::Cancelled));
    }

    void backoffAfter429HoldsTheQueue()
    {
        FakeChartServer server;
        server.setScript({{429, "slow down", false, "Retry-After: 30\r\n"},
            {200, recorded("yahoo_normal.json"), false, {}, 0}});
        MarketDataService service(fastOptions(server.url()));
        const Period period = *Period::parse(QStringLiteral("200d"));
        const FetchResult first =
            service.fetch(QStringLiteral("A.NS"), period, kNow)->wait(QDeadlineTimer(20000));
        QCOMPARE(int(first.error.kind), int(Kind::RateLimited));
        QVERIFY2(first.error.message.contains(QLatin1String("30 s")), qPrintable(first.error.message));
        // During the 30 s pause nothing goes out; the caller's deadline ends the wait.
        const FetchResult second =
            service.fetch(QStringLiteral("B.NS"), period, kNow)->wait(QDeadlineTimer(300));
        QCOMPARE(int(second.error.kind), int(Kind::Timeout));
        QCOMPARE(server.requestCount(), 1);
    }

    void concurrencyIsLimited()
    {
        FakeChartServer server;
        server.setScript({{200, {}, true, {}}});
        MarketDataOptions options = fastOptions(server.url());
        options.maxConcurrent = 1;
        options.timeoutMs = 600000;
        MarketDataService service(options);
        const Period period = *Period::parse(QStringLiteral("200d"));
        const auto a = service.fetch(QStringLiteral("A.NS"), period, kNow);
        const auto b = service.fetch(QStringLiteral("B.NS"), period, kNow);
        QTRY_COMPARE(server.requestCount(), 1);
        QTest::qWait(200);
        QCOMPARE(server.requestCount(), 1); // B waits for A's slot
        a->cancel();
        QTRY_COMPARE(server.requestCount(), 2);
        QVERIFY(server.requests().at(1).startsWith("/v8/finance/chart/B.NS?"));
        b->cancel();
        QCOMPARE(int(b->wait(QDeadlineTimer(20000)).error.kind), int(Kind::Cancelled));
    }

    void badSymbolIsRefusedLocally()
    {
        MarketDataService service(fastOptions(QStringLiteral("http://127.0.0.1:9")));
        const FetchResult result =
            service.fetch(QStringLiteral("  "), *Period::parse(QStringLiteral("1y")), kNow)->wait();
        QCOMPARE(int(result.error.kind), int(Kind::BadRequest));
    }
};

QTEST_GUILESS_MAIN(TestYahooClient)
#include "tst_yahooclient.moc"
