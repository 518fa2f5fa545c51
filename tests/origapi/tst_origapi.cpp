// The original API through a real `thetool serve` (SQLite; the collection rules also on
// PostgreSQL): every route's success and each documented error status as data rows, the
// collection rules of spec §10, M&M.NS wherever a ticker goes, and the bulk-password gate.
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include "tests/origapi/demochart.h"
#include "tests/origapi/origserver.h"
#include "tests/support/testenv.h"

using thetool::test::jsonAt;
using thetool::test::jsonText;
using thetool::test::jsonType;
using thetool::test::OrigServer;

namespace {

// Replaces {last.path} with the value at `path` of the last setup answer.
QByteArray substitute(QByteArray text, const QJsonDocument &last)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{last\\.([A-Za-z0-9_.]+)\\}"));
    const QString source = QString::fromUtf8(text);
    QString out;
    qsizetype at = 0;
    for (auto it = placeholder.globalMatch(source); it.hasNext();) {
        const auto m = it.next();
        out += source.mid(at, m.capturedStart() - at);
        out += jsonText(
            jsonAt(last.isObject() ? QJsonValue(last.object()) : QJsonValue(last.array()), m.captured(1)));
        at = m.capturedEnd();
    }
    out += source.mid(at);
    return out.toUtf8();
}

} // namespace

class TestOrigApi : public QObject
{
    Q_OBJECT

private:
    OrigServer m_server;

    // "path=value", "path#=N" (array size) or "path:type", separated by ';'.
    static void verifyChecks(const QJsonDocument &doc, const QString &checks, const QByteArray &body)
    {
        const QJsonValue root = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        for (const QString &check : checks.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            const QString context = check + QStringLiteral(" in ") + QString::fromUtf8(body.left(600));
            if (const qsizetype n = check.indexOf(QLatin1String("#=")); n > 0) {
                QVERIFY2(jsonAt(root, check.left(n)).isArray(), qPrintable(context));
                QCOMPARE(jsonAt(root, check.left(n)).toArray().size(), check.mid(n + 2).toInt());
            } else if (const qsizetype e = check.indexOf(QLatin1Char('=')); e > 0) {
                QVERIFY2(jsonText(jsonAt(root, check.left(e))) == check.mid(e + 1), qPrintable(context));
            } else if (const qsizetype t = check.indexOf(QLatin1Char(':')); t > 0) {
                QVERIFY2(jsonType(jsonAt(root, check.left(t))) == check.mid(t + 1), qPrintable(context));
            } else {
                QFAIL(qPrintable(QStringLiteral("bad check ") + check));
            }
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.start(), qPrintable(m_server.error())); }

    void routes_data()
    {
        QTest::addColumn<QByteArray>("setup"); // "METHOD target body" lines, run with the admin key
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("checks");
        auto row = [](const char *name, const char *setup, const char *method, const char *target,
                       const char *body, const char *key, int status, const char *checks) {
            QTest::newRow(name) << QByteArray(setup) << QByteArray(method) << QByteArray(target)
                                << QByteArray(body) << QString::fromLatin1(key) << status
                                << QString::fromUtf8(checks);
        };
        // Stocks (spec §2.3)
        row("all", "", "GET", "/api/stocks/all", "", "read", 200,
            "total=2192;count=50;page=1;per_page=50;total_pages=44;stocks.0.symbol=20MICRONS;stocks.0."
            "sector=");
        row("all clamps", "", "GET", "/api/stocks/all?page=0&per_page=9999", "", "read", 200,
            "page=1;per_page=50");
        row("all page 44", "", "GET", "/api/stocks/all?page=44&per_page=50", "", "read", 200, "count=42");
        row("all search", "", "GET", "/api/stocks/all?search=mahindra%20%26%20mahindra", "", "read", 200,
            "stocks.0.symbol=M&M;stocks.0.yahoo_symbol=M&M.NS");
        row("all no key", "", "GET", "/api/stocks/all", "", "none", 401, "error.code=UNAUTHORIZED");
        row("nse", "", "GET", "/api/stocks/nse", "", "read", 200,
            "count=2192;stocks#=2192;stocks.0.yahoo_symbol=20MICRONS.NS");
        row("nse-stocks", "", "GET", "/api/stocks/nse-stocks", "", "read", 200,
            "count=2192;stocks#=500;stocks.0.ticker=20MICRONS.NS;stocks.0.market_cap=0");
        row("all-stocks", "", "GET", "/api/stocks/all-stocks?limit=5000&offset=-3", "", "read", 200,
            "limit=50;offset=0;stocks:array;total:number");
        row("all-stocks history", "", "GET", "/api/stocks/all-stocks/RELIANCE/history", "", "read", 200,
            "symbol=RELIANCE;history:array;count:number");
        row("all-stocks history bad", "", "GET", "/api/stocks/all-stocks/RE%20L/history", "", "read", 400,
            "error.code=INVALID_SYMBOL");
        row("initialize needs admin", "", "POST", "/api/stocks/initialize-all-stocks", "{}", "analyze", 403,
            "error.code=FORBIDDEN");
        row("initialize bad force", "", "POST", "/api/stocks/initialize-all-stocks", "{\"force\": \"yes\"}",
            "admin", 400, "error.code=VALIDATION_ERROR");
        row("bars bad period", "", "GET", "/api/stocks/RELIANCE.NS/bars?period=forever", "", "read", 400,
            "error.code=INVALID_PERIOD");
        row("bars none stored", "", "GET", "/api/stocks/NOBARS.NS/bars", "", "read", 404,
            "error.code=BARS_NOT_FOUND");
        row("bars", "GET /api/backtest/ticker/BARS.NS", "GET", "/api/stocks/BARS.NS/bars?period=6mo", "",
            "read", 200, "symbol=BARS.NS;period=6mo;source=yahoo;bars.0.date:string;bars.0.close:number");

        // Watchlist (spec §2.4)
        row("watchlist list", "", "GET", "/api/watchlist", "", "read", 200, "watchlist:array;count:number");
        row("watchlist default", "", "GET", "/api/watchlist?collection_id=null", "", "read", 200,
            "watchlist:array");
        row("watchlist bad filter", "", "GET", "/api/watchlist?collection_id=abc", "", "read", 400,
            "error.code=VALIDATION_ERROR");
        row("watchlist add", "", "POST", "/api/watchlist", "{\"symbol\": \"infy\"}", "analyze", 201,
            "id:number;symbol=INFY.NS;name=Infosys Limited;collection_id=null;message=Added to watchlist");
        row("watchlist add duplicate", "POST /api/watchlist {\"symbol\": \"WIPRO.NS\", \"name\": \"Wipro\"}",
            "POST", "/api/watchlist", "{\"symbol\": \"wipro\"}", "analyze", 409,
            "error.code=WATCHLIST_DUPLICATE;error.message=Symbol WIPRO.NS already in watchlist");
        row("watchlist add no symbol", "", "POST", "/api/watchlist", "{\"name\": \"x\"}", "analyze", 400,
            "error.code=VALIDATION_ERROR");
        row("watchlist add bad symbol", "", "POST", "/api/watchlist", "{\"symbol\": \"a b\"}", "analyze", 400,
            "error.code=VALIDATION_ERROR");
        row("watchlist add read key", "", "POST", "/api/watchlist", "{\"symbol\": \"TCS\"}", "read", 403,
            "error.code=FORBIDDEN");
        row("watchlist add malformed", "", "POST", "/api/watchlist", "{\"symbol\": ", "analyze", 400,
            "error.code=BAD_REQUEST");
        row("watchlist delete by id", "POST /api/watchlist {\"symbol\": \"HDFCBANK\"}", "DELETE",
            "/api/watchlist", "{\"id\": {last.id}}", "analyze", 200,
            "symbol=HDFCBANK.NS;message=Removed from watchlist");
        row("watchlist delete by ticker", "POST /api/watchlist {\"symbol\": \"ITC\"}", "DELETE",
            "/api/watchlist", "{\"ticker\": \"itc\"}", "analyze", 200, "symbol=ITC.NS;removed_count=1");
        row("watchlist delete nothing", "", "DELETE", "/api/watchlist", "{}", "analyze", 400,
            "error.code=INVALID_REQUEST;error.message=Provide either 'id' or 'symbol'");
        row("watchlist delete unknown id", "", "DELETE", "/api/watchlist", "{\"id\": 987654}", "analyze", 404,
            "error.code=WATCHLIST_NOT_FOUND");
        row("debug list", "", "GET", "/api/watchlist/debug/list", "", "admin", 200, "debug=true;items:array");
        row("debug list analyze key", "", "GET", "/api/watchlist/debug/list", "", "analyze", 403,
            "error.code=FORBIDDEN");
        row("debug cleanup", "", "POST", "/api/watchlist/debug/cleanup", "", "admin", 200,
            "action=cleanup_duplicates;deleted_count=0");

        // Collections (spec §2.5)
        row("collections", "", "GET", "/api/watchlist-collections", "", "read", 200,
            "collections.0.id=null;collections.0.name=Default;count:number");
        row("collection create", "", "POST", "/api/watchlist-collections", "{\"name\": \" Swing \"}",
            "analyze", 201, "id:number;name=Swing;description=;message=Collection created successfully");
        row("collection duplicate", "POST /api/watchlist-collections {\"name\": \"Longterm\"}", "POST",
            "/api/watchlist-collections", "{\"name\": \"LONGTERM\", \"description\": \"d\"}", "analyze", 409,
            "error.code=COLLECTION_DUPLICATE");
        row("collection no name", "", "POST", "/api/watchlist-collections", "{\"description\": \"d\"}",
            "analyze", 400, "error.code=INVALID_REQUEST;error.message=Collection name is required");
        row("collection long name", "", "POST", "/api/watchlist-collections",
            "{\"name\": \"123456789012345678901234567890123456789012345678901\"}", "analyze", 400,
            "error.message=Collection name must be 50 characters or less");
        row("collection delete", "POST /api/watchlist-collections {\"name\": \"Temp\"}", "DELETE",
            "/api/watchlist-collections/{last.id}", "", "analyze", 200,
            "message=Collection 'Temp' deleted. Stocks moved to Default.;collection_id:number");
        row("collection delete unknown", "", "DELETE", "/api/watchlist-collections/987654", "", "analyze",
            404, "error.code=COLLECTION_NOT_FOUND");
        row("collection delete not a number", "", "DELETE", "/api/watchlist-collections/abc", "", "analyze",
            404, "error.code=NOT_FOUND");
        row("collection stocks", "POST /api/watchlist-collections {\"name\": \"Peek\"}", "GET",
            "/api/watchlist-collections/{last.id}/stocks", "", "read", 200,
            "stocks#=0;count=0;collection_id:number");
        row("add-stocks", "", "POST", "/api/watchlist-collections/add-stocks",
            "{\"collection_id\": null, \"stocks\": [\"SBIN\", {\"symbol\": \"axisbank\", \"name\": "
            "\"Axis\"}, \" \"]}",
            "analyze", 201,
            "added#=2;added.0=SBIN.NS;added.1=AXISBANK.NS;skipped#=0;collection_id=null;added_ids#=2");
        row("add-stocks empty", "", "POST", "/api/watchlist-collections/add-stocks", "{\"stocks\": []}",
            "analyze", 400, "error.code=INVALID_REQUEST;error.message=No stocks provided");
        row("add-stocks null body", "", "POST", "/api/watchlist-collections/add-stocks", "null", "analyze",
            400, "error.message=No stocks provided");
        row("add-stocks unknown collection", "", "POST", "/api/watchlist-collections/add-stocks",
            "{\"collection_id\": 987654, \"stocks\": [\"TCS\"]}", "analyze", 404,
            "error.code=COLLECTION_NOT_FOUND");
        row("move-stocks", "POST /api/watchlist-collections/add-stocks {\"stocks\": [\"LT\"]}", "POST",
            "/api/watchlist-collections/move-stocks",
            "{\"target_collection_id\": null, \"stock_ids\": [{last.added_ids.0}]}", "analyze", 200,
            "moved_count=1;target_collection_id=null");
        row("move-stocks empty", "", "POST", "/api/watchlist-collections/move-stocks", "{\"stock_ids\": []}",
            "analyze", 400, "error.code=INVALID_REQUEST;error.message=No stock IDs provided");
        row("move-stocks unknown target", "", "POST", "/api/watchlist-collections/move-stocks",
            "{\"target_collection_id\": 987654, \"stock_ids\": [1]}", "analyze", 404,
            "error.message=Target collection 987654 not found");

        // Strategies (spec §2.6)
        row("strategies", "", "GET", "/api/strategies", "", "read", 200,
            "success=true;strategies#=5;default_strategy_id=1;strategies.4.name=Strategy "
            "5;strategies.0.help_url=/strategies/1");
        row("strategy", "", "GET", "/api/strategies/2", "", "read", 200,
            "strategy.indicator_weights.macd=2.5;strategy.category_weights.trend=1.5;strategy.risk_profile."
            "default_stop_loss_pct=2.5");
        row("strategy 5 risk", "", "GET", "/api/strategies/5", "", "read", 200,
            "strategy.risk_profile.max_holding_bars=15;strategy.risk_profile.use_dynamic_stop_loss=true");
        row("strategy unknown", "", "GET", "/api/strategies/9", "", "read", 404,
            "success=false;error=Strategy 9 not found");
        row("strategy help", "", "GET", "/api/strategies/3/help", "", "read", 200,
            "format=markdown;strategy_id=3;help_content:string");
        row("strategy help html", "", "GET", "/api/strategies/3/help?format=html", "", "read", 200,
            "format=html");
        row("strategy help bad format", "", "GET", "/api/strategies/3/help?format=pdf", "", "read", 400,
            "success=false");
        row("strategy help unknown", "", "GET", "/api/strategies/0/help", "", "read", 404, "success=false");
        row("strategy weights", "", "GET", "/api/strategies/5/weights", "", "read", 200,
            "indicator_params.rsi_period=10;indicator_weights.rsi=2;risk_profile.min_reward_pct=4");
        row("strategy weights unknown", "", "GET", "/api/strategies/x/weights", "", "read", 404,
            "error=Strategy x not found");

        // Backtests (spec §2.7)
        row("backtest strategies", "", "GET", "/api/backtest/strategies", "", "read", 200,
            "strategies#=5;strategies.4.params.rsi_range=50-75");
        row("backtest ticker", "", "GET", "/api/backtest/ticker/RELIANCE.NS?days=120&strategy_id=1", "",
            "analyze", 200, "ticker=RELIANCE.NS;strategy_id=1;total_signals:number;backtest_period:string");
        row("backtest default days", "", "GET", "/api/backtest/ticker/TCS.NS?days=abc", "", "analyze", 200,
            "strategy_id=5");
        row("backtest days range", "", "GET", "/api/backtest/ticker/TCS.NS?days=10", "", "analyze", 400,
            "error=days must be between 30 and 365");
        row("backtest strategy range", "", "GET", "/api/backtest/ticker/TCS.NS?strategy_id=7", "", "analyze",
            400, "error=Invalid strategy_id: 7. Must be 1-5.");
        row("backtest read key", "", "GET", "/api/backtest/ticker/TCS.NS", "", "read", 403,
            "error.code=FORBIDDEN");
        row("portfolio", "", "POST", "/api/backtest/portfolio",
            "{\"tickers\": [\"INFY.NS\", \"M&M.NS\"], \"days\": 60, \"strategy_id\": 2}", "analyze", 200,
            "tickers_analyzed=2;days=60;strategy_id=2;results:object");
        row("portfolio no tickers", "", "POST", "/api/backtest/portfolio", "{}", "analyze", 400,
            "error:string");
        row("portfolio too many", "", "POST", "/api/backtest/portfolio",
            "{\"tickers\": "
            "[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\",\"G\",\"H\",\"I\",\"J\",\"K\",\"L\",\"M\",\"N\",\"O\","
            "\"P\",\"Q\","
            "\"R\",\"S\",\"T\",\"U\",\"V\",\"W\",\"X\",\"Y\",\"Z\",\"AA\",\"AB\",\"AC\",\"AD\",\"AE\",\"AF\","
            "\"AG\",\"AH\",\"AI\","
            "\"AJ\",\"AK\",\"AL\",\"AM\",\"AN\",\"AO\",\"AP\",\"AQ\",\"AR\",\"AS\",\"AT\",\"AU\",\"AV\","
            "\"AW\",\"AX\",\"AY\"]}",
            "analyze", 400, "error=Maximum 50 tickers per portfolio backtest (got 51)");
        row("portfolio bad days", "", "POST", "/api/backtest/portfolio",
            "{\"tickers\": [\"TCS.NS\"], \"days\": 400}", "analyze", 400,
            "error=days must be between 30 and 365");
        row("portfolio tickers not a list", "", "POST", "/api/backtest/portfolio",
            "{\"tickers\": \"TCS.NS\"}", "analyze", 400, "error=tickers must be a non-empty list");
        row("portfolio bad strategy", "", "POST", "/api/backtest/portfolio",
            "{\"tickers\": [\"TCS.NS\"], \"strategy_id\": 6}", "analyze", 400,
            "error=Invalid strategy_id: 6. Must be 1-5.");
        row("portfolio bad ticker", "", "POST", "/api/backtest/portfolio", "{\"tickers\": [\"TCS NS\"]}",
            "analyze", 400, "error:string");
        row("portfolio not json", "", "POST", "/api/backtest/portfolio", "{oops", "analyze", 400,
            "error:string");
        row("compare", "", "POST", "/api/backtest/compare-strategies",
            "{\"ticker\": \"SBIN.NS\", \"strategies\": [1, 5, 9]}", "analyze", 200,
            "ticker=SBIN.NS;days=90;comparison.strategy_1:object;comparison.strategy_9.error:string");
        row("compare no ticker", "", "POST", "/api/backtest/compare-strategies", "{}", "analyze", 400,
            "error=ticker is required");
        row("compare strategies not a list", "", "POST", "/api/backtest/compare-strategies",
            "{\"ticker\": \"SBIN.NS\", \"strategies\": 5}", "analyze", 400,
            "error=strategies must be a non-empty list");
        row("compare bad days", "", "POST", "/api/backtest/compare-strategies",
            "{\"ticker\": \"SBIN.NS\", \"days\": 29}", "analyze", 400,
            "error=days must be between 30 and 365");
        row("compare read key", "", "POST", "/api/backtest/compare-strategies", "{\"ticker\": \"SBIN.NS\"}",
            "read", 403, "error.code=FORBIDDEN");
        row("compare empty strategies", "", "POST", "/api/backtest/compare-strategies",
            "{\"ticker\": \"SBIN.NS\", \"strategies\": []}", "analyze", 400,
            "error=strategies must be a non-empty list");
    }

    void routes()
    {
        QFETCH(QByteArray, setup);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, body);
        QFETCH(QString, key);
        QFETCH(int, status);
        QFETCH(QString, checks);
        QJsonDocument last;
        for (const QByteArray &line : setup.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QList<QByteArray> parts = line.split(' ');
            const QByteArray setupBody =
                parts.size() > 2 ? line.mid(parts[0].size() + parts[1].size() + 2) : QByteArray();
            const OrigServer::Reply reply = m_server.call(parts[0], parts[1], setupBody);
            QVERIFY2(reply.status >= 200 && reply.status < 300, reply.body.constData());
            last = reply.json;
        }
        const OrigServer::Reply reply =
            m_server.call(method, substitute(target, last), substitute(body, last), key);
        QVERIFY2(reply.status == status,
            qPrintable(QStringLiteral("status %1, body %2")
                           .arg(reply.status)
                           .arg(QString::fromUtf8(reply.body.left(800)))));
        QVERIFY2(reply.json.isObject(), reply.body.constData());
        verifyChecks(reply.json, checks, reply.body);
    }

    // A ticker the provider does not know: the single backtest answers 400 with the
    // original's no-data object; a portfolio and a comparison report it per entry.
    void backtestWithoutData()
    {
        QFile unknown(thetool::test::sourceDir() + QStringLiteral("/tests/data/market/yahoo_unknown.json"));
        QVERIFY(unknown.open(QIODevice::ReadOnly));
        m_server.chart().setScript({{404, unknown.readAll(), false, {}}});
        const OrigServer::Reply single = m_server.call(
            "GET", "/api/backtest/ticker/NOSUCH.NS?strategy_id=2", {}, QStringLiteral("analyze"));
        const OrigServer::Reply portfolio = m_server.call(
            "POST", "/api/backtest/portfolio", R"({"tickers": ["NOSUCH2.NS"]})", QStringLiteral("analyze"));
        const OrigServer::Reply comparison = m_server.call("POST", "/api/backtest/compare-strategies",
            R"({"ticker": "NOSUCH3.NS", "strategies": [1]})", QStringLiteral("analyze"));
        m_server.chart().setScript(
            {{200, thetool::test::demoChartJson(QStringLiteral("DEMO.NS"), 260), false, {}}});

        QCOMPARE(single.status, 400);
        const QJsonObject body = single.json.object();
        QVERIFY2(body.value(QStringLiteral("error"))
                     .toString()
                     .startsWith(QLatin1String("No valid data available: ")),
            single.body.constData());
        QCOMPARE(body.value(QStringLiteral("ticker")).toString(), QStringLiteral("NOSUCH.NS"));
        QCOMPARE(body.value(QStringLiteral("strategy_id")).toInt(), 2);
        QCOMPARE(body.value(QStringLiteral("strategy_name")).toString(), QStringLiteral("Trend Following"));

        QCOMPARE(portfolio.status, 200);
        QVERIFY2(jsonAt(portfolio.json.object(), QStringLiteral("results"))
                     .toObject()
                     .value(QStringLiteral("NOSUCH2.NS"))
                     .toObject()
                     .value(QStringLiteral("error"))
                     .isString(),
            portfolio.body.constData());
        QCOMPARE(comparison.status, 200);
        QVERIFY2(jsonAt(comparison.json.object(), QStringLiteral("comparison.strategy_1.error")).isString(),
            comparison.body.constData());
    }

    void bulkPassword_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("authorized");
        QTest::addColumn<QString>("message");
        QTest::newRow("right") << QByteArray("{\"password\": \"") + OrigServer::bulkPassword + "\"}" << 200
                               << true << "Password verified";
        QTest::newRow("wrong") << QByteArray("{\"password\": \"open sesame 2025\"}") << 403 << false
                               << "Incorrect password";
        QTest::newRow("empty") << QByteArray("{\"password\": \"\"}") << 400 << false
                               << "Password is required";
        QTest::newRow("missing") << QByteArray("{}") << 400 << false << "Password is required";
        QTest::newRow("malformed") << QByteArray("{\"password\"") << 400 << false << "Malformed JSON body";
    }

    // Public: no key is sent. Five rows, so the per-client limit is not reached here.
    void bulkPassword()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(bool, authorized);
        QFETCH(QString, message);
        if (!m_bulk) {
            m_bulk = std::make_unique<OrigServer>();
            QVERIFY2(m_bulk->start(), qPrintable(m_bulk->error()));
        }
        const OrigServer::Reply reply =
            m_bulk->call("POST", "/api/auth/verify-bulk-password", body, QStringLiteral("none"));
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.json.object().value(QStringLiteral("authorized")).toBool(), authorized);
        QCOMPARE(reply.json.object().value(QStringLiteral("message")).toString(), message);
    }

    void bulkPasswordSixthAttemptIsRefused()
    {
        OrigServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        for (int i = 0; i < 5; ++i) {
            const OrigServer::Reply wrong = server.call("POST", "/api/auth/verify-bulk-password",
                "{\"password\": \"guess\"}", QStringLiteral("none"));
            QCOMPARE(wrong.status, 403);
        }
        // The 6th within the minute is refused even with the right password.
        const QByteArray right = QByteArray("{\"password\": \"") + OrigServer::bulkPassword + "\"}";
        const OrigServer::Reply refused =
            server.call("POST", "/api/auth/verify-bulk-password", right, QStringLiteral("none"));
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.json.object().value(QStringLiteral("authorized")).toBool(true), false);
        QVERIFY(refused.retryAfter.toInt() >= 1 && refused.retryAfter.toInt() <= 60);
        // Other routes are not affected by this gate's limit.
        QCOMPARE(server.call("GET", "/api/strategies", {}, QStringLiteral("read")).status, 200);
    }

    void bulkPasswordUnset()
    {
        OrigServer server;
        server.setEnv(QStringLiteral("BULK_ANALYSIS_PASSWORD_HASH"), QString());
        QVERIFY2(server.start(), qPrintable(server.error()));
        const OrigServer::Reply reply = server.call(
            "POST", "/api/auth/verify-bulk-password", "{\"password\": \"x\"}", QStringLiteral("none"));
        QCOMPARE(reply.status, 503);
        QCOMPARE(reply.json.object().value(QStringLiteral("message")).toString(),
            QStringLiteral("Bulk analysis password not configured on server"));
    }

    void bulkPasswordMalformedHashRefusesStart()
    {
        OrigServer server;
        server.setEnv(QStringLiteral("BULK_ANALYSIS_PASSWORD_HASH"), QStringLiteral("not-a-bcrypt-hash"));
        QVERIFY(!server.start());
        QVERIFY2(server.error().contains(QLatin1String("BULK_ANALYSIS_PASSWORD_HASH")),
            qPrintable(server.error()));
    }

    // Bug 13 and 14 fixed: the placeholders are inserted and the analysed-stock routes answer.
    void initializeAllStocks()
    {
        OrigServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        OrigServer::Reply reply =
            server.call("POST", "/api/stocks/initialize-all-stocks", "{\"force\": false}");
        QCOMPARE(reply.status, 201);
        QCOMPARE(reply.json.object().value(QStringLiteral("inserted")).toInt(), 2192);
        QCOMPARE(reply.json.object().value(QStringLiteral("requested_count")).toInt(), 2192);
        reply = server.call("POST", "/api/stocks/initialize-all-stocks");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.object().value(QStringLiteral("exists")).toBool(), true);
        reply = server.call("POST", "/api/stocks/initialize-all-stocks", "{\"force\": true}");
        QCOMPARE(reply.status, 201);
        QCOMPARE(reply.json.object().value(QStringLiteral("inserted")).toInt(), 0);
        QCOMPARE(reply.json.object().value(QStringLiteral("skipped_duplicates")).toInt(), 2192);
        QCOMPARE(reply.json.object().value(QStringLiteral("already_initialized_before")).toBool(), true);

        reply = server.call("GET", "/api/stocks/all-stocks?limit=10&offset=5", {}, QStringLiteral("read"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.object().value(QStringLiteral("total")).toInt(), 2192);
        QCOMPARE(reply.json.object().value(QStringLiteral("count")).toInt(), 10);
        QVERIFY(reply.json.object()
                    .value(QStringLiteral("stocks"))
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("latest_analysis"))
                    .isString());
        reply = server.call("GET", "/api/stocks/all-stocks/M%26M/history", {}, QStringLiteral("read"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.object().value(QStringLiteral("symbol")).toString(), QStringLiteral("M&M"));
        QCOMPARE(reply.json.object().value(QStringLiteral("count")).toInt(), 1);
        const QJsonObject row =
            reply.json.object().value(QStringLiteral("history")).toArray().at(0).toObject();
        QCOMPARE(row.value(QStringLiteral("ticker")).toString(), QStringLiteral("M&M.NS"));
        QCOMPARE(row.value(QStringLiteral("verdict")).toString(), QStringLiteral("HOLD"));
    }

private:
    std::unique_ptr<OrigServer> m_bulk;
};

QTEST_GUILESS_MAIN(TestOrigApi)
#include "tst_origapi.moc"
