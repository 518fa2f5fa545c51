// Collections and tickers end to end (spec §10.1–10.2), built once per dialect: deleting a
// collection moves its stocks to Default, moves keep a ticker unique per collection, and
// M&M.NS works wherever a ticker goes (percent-encoded in paths).
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <memory>

#include "tests/origapi/origserver.h"
#include "tests/support/testenv.h"

using thetool::test::OrigServer;

#ifndef THETOOL_DB_TEST_SQLITE
#define THETOOL_DB_TEST_SQLITE 1
#endif

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject objectOf(const OrigServer::Reply &reply)
{
    return reply.json.object();
}

} // namespace

class TestOrigApiCollections : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<thetool::test::PgTestDatabase> m_pg;
    OrigServer m_server;

    qint64 createCollection(const QString &name)
    {
        const OrigServer::Reply reply =
            m_server.call("POST", "/api/watchlist-collections", json({{QStringLiteral("name"), name}}));
        return reply.status == 201 ? objectOf(reply).value(QStringLiteral("id")).toInteger() : -1;
    }

    // Ticker -> row id of the rows `filter` ("null" or an id) lists.
    QHash<QString, qint64> rowsIn(const QString &filter)
    {
        const OrigServer::Reply reply = m_server.call(
            "GET", "/api/watchlist?collection_id=" + filter.toUtf8(), {}, QStringLiteral("read"));
        QHash<QString, qint64> rows;
        for (const QJsonValue &row : objectOf(reply).value(QStringLiteral("watchlist")).toArray())
            rows.insert(row.toObject().value(QStringLiteral("ticker")).toString(),
                row.toObject().value(QStringLiteral("id")).toInteger());
        return rows;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString url;
        if (!THETOOL_DB_TEST_SQLITE) {
            m_pg = std::make_unique<thetool::test::PgTestDatabase>(QStringLiteral("origapi_collections"));
            QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
            url = m_pg->url().toString();
        }
        QVERIFY2(m_server.start(url), qPrintable(m_server.error()));
    }

    void collectionRules()
    {
        // M&M in Default, spelled as a user would.
        OrigServer::Reply reply =
            m_server.call("POST", "/api/watchlist", R"({"symbol": "m&m"})", QStringLiteral("analyze"));
        QCOMPARE(reply.status, 201);
        QCOMPARE(objectOf(reply).value(QStringLiteral("symbol")).toString(), QStringLiteral("M&M.NS"));
        QCOMPARE(objectOf(reply).value(QStringLiteral("name")).toString(),
            QStringLiteral("Mahindra & Mahindra Limited"));
        const qint64 defaultRow = objectOf(reply).value(QStringLiteral("id")).toInteger();
        QVERIFY(defaultRow > 0);
        // Anywhere, in any case: 409.
        reply = m_server.call("POST", "/api/watchlist", R"({"symbol": "M&M.ns"})", QStringLiteral("analyze"));
        QCOMPARE(reply.status, 409);

        const qint64 a = createCollection(QStringLiteral("Alpha"));
        const qint64 b = createCollection(QStringLiteral("Beta"));
        QVERIFY(a > 0 && b > 0 && a != b);
        QCOMPARE(createCollection(QStringLiteral("alpha")), -1); // names are unique, case-insensitively

        // add-stocks rejects duplicates only within the target collection.
        reply = m_server.call("POST", "/api/watchlist-collections/add-stocks",
            json({{QStringLiteral("collection_id"), a},
                {QStringLiteral("stocks"),
                    QJsonArray {QStringLiteral("M&M"), QStringLiteral("tcs"), QStringLiteral("TCS.NS")}}}),
            QStringLiteral("analyze"));
        QCOMPARE(reply.status, 201);
        QCOMPARE(objectOf(reply).value(QStringLiteral("added")).toArray(),
            (QJsonArray {QStringLiteral("M&M.NS"), QStringLiteral("TCS.NS")}));
        QCOMPARE(objectOf(reply).value(QStringLiteral("skipped")).toArray(),
            QJsonArray {QStringLiteral("TCS.NS")});
        reply = m_server.call("POST", "/api/watchlist-collections/add-stocks",
            json({{QStringLiteral("collection_id"), b},
                {QStringLiteral("stocks"), QJsonArray {QStringLiteral("m&m.ns")}}}),
            QStringLiteral("analyze"));
        QCOMPARE(
            objectOf(reply).value(QStringLiteral("added")).toArray(), QJsonArray {QStringLiteral("M&M.NS")});

        const QHash<QString, qint64> inA = rowsIn(QString::number(a));
        const QHash<QString, qint64> inB = rowsIn(QString::number(b));
        QCOMPARE(inA.size(), 2);
        QCOMPARE(inB.size(), 1);

        // Moving A's M&M and TCS to B: M&M is already in B, so it stays in A; TCS moves.
        reply = m_server.call("POST", "/api/watchlist-collections/move-stocks",
            json({{QStringLiteral("target_collection_id"), b},
                {QStringLiteral("stock_ids"),
                    QJsonArray {
                        inA.value(QStringLiteral("M&M.NS")), inA.value(QStringLiteral("TCS.NS")), 987654}}}),
            QStringLiteral("analyze"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(objectOf(reply).value(QStringLiteral("moved_count")).toInt(), 1);
        QCOMPARE(objectOf(reply).value(QStringLiteral("skipped_ids")).toArray(),
            QJsonArray {inA.value(QStringLiteral("M&M.NS"))});
        QCOMPARE(objectOf(reply).value(QStringLiteral("not_found_ids")).toArray(), QJsonArray {987654});
        QCOMPARE(rowsIn(QString::number(a)).keys(), QList<QString> {QStringLiteral("M&M.NS")});
        QCOMPARE(rowsIn(QString::number(b)).size(), 2);
        // Two rows of one ticker moved into Default, which holds M&M already: both stay.
        reply = m_server.call("POST", "/api/watchlist-collections/move-stocks",
            json({{QStringLiteral("target_collection_id"), QJsonValue()},
                {QStringLiteral("stock_ids"),
                    QJsonArray {inA.value(QStringLiteral("M&M.NS")), inB.value(QStringLiteral("M&M.NS"))}}}),
            QStringLiteral("analyze"));
        QCOMPARE(
            objectOf(reply).value(QStringLiteral("moved_count")).toInt(), 0); // Default holds M&M already

        // Deleting B: TCS moves to Default, B's M&M merges into Default's row.
        reply = m_server.call(
            "DELETE", "/api/watchlist-collections/" + QByteArray::number(b), {}, QStringLiteral("analyze"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(objectOf(reply).value(QStringLiteral("moved_count")).toInt(), 1);
        QCOMPARE(objectOf(reply).value(QStringLiteral("merged_count")).toInt(), 1);
        QHash<QString, qint64> defaults = rowsIn(QStringLiteral("null"));
        QCOMPARE(defaults.size(), 2);
        QCOMPARE(defaults.value(QStringLiteral("M&M.NS")), defaultRow);
        QVERIFY(defaults.contains(QStringLiteral("TCS.NS")));
        reply = m_server.call(
            "DELETE", "/api/watchlist-collections/" + QByteArray::number(b), {}, QStringLiteral("analyze"));
        QCOMPARE(reply.status, 404);

        // The collection list: Default first with its count, then Alpha.
        reply = m_server.call("GET", "/api/watchlist-collections", {}, QStringLiteral("read"));
        const QJsonArray collections = objectOf(reply).value(QStringLiteral("collections")).toArray();
        QCOMPARE(collections.size(), 2);
        QVERIFY(collections.at(0).toObject().value(QStringLiteral("id")).isNull());
        QCOMPARE(collections.at(0).toObject().value(QStringLiteral("stock_count")).toInt(), 2);
        QCOMPARE(
            collections.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Alpha"));
        QCOMPARE(collections.at(1).toObject().value(QStringLiteral("stock_count")).toInt(), 1);

        // Deleting by ticker removes M&M from every collection.
        reply =
            m_server.call("DELETE", "/api/watchlist", R"({"ticker": "M&M.NS"})", QStringLiteral("analyze"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(objectOf(reply).value(QStringLiteral("removed_count")).toInt(), 2);
        QVERIFY(rowsIn(QString::number(a)).isEmpty());
    }

    // M&M.NS percent-encoded in paths, and to the provider.
    void ampersandTickerInPaths()
    {
        const int before = m_server.chart().requestCount();
        OrigServer::Reply reply = m_server.call(
            "GET", "/api/backtest/ticker/M%26M.NS?days=60&strategy_id=3", {}, QStringLiteral("analyze"));
        QVERIFY2(reply.status == 200, reply.body.constData());
        QCOMPARE(objectOf(reply).value(QStringLiteral("ticker")).toString(), QStringLiteral("M&M.NS"));
        QVERIFY(m_server.chart().requestCount() > before);
        QVERIFY2(m_server.chart().requests().last().contains("/v8/finance/chart/M%26M.NS"),
            m_server.chart().requests().last().constData());

        reply = m_server.call("GET", "/api/stocks/M%26M.NS/bars?period=3mo", {}, QStringLiteral("read"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(objectOf(reply).value(QStringLiteral("symbol")).toString(), QStringLiteral("M&M.NS"));
        QVERIFY(objectOf(reply).value(QStringLiteral("count")).toInt() > 40);

        reply = m_server.call("POST", "/api/backtest/compare-strategies",
            R"({"ticker": "m&m.ns", "days": 60, "strategies": [2]})", QStringLiteral("analyze"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(objectOf(reply).value(QStringLiteral("ticker")).toString(), QStringLiteral("M&M.NS"));

        reply = m_server.call("POST", "/api/backtest/portfolio", R"({"tickers": ["M&M.NS"], "days": 60})",
            QStringLiteral("analyze"));
        QCOMPARE(reply.status, 200);
        QVERIFY(
            objectOf(reply).value(QStringLiteral("results")).toObject().contains(QStringLiteral("M&M.NS")));

        reply = m_server.call("GET", "/api/stocks/all-stocks/M%26M.NS/history", {}, QStringLiteral("read"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(objectOf(reply).value(QStringLiteral("symbol")).toString(), QStringLiteral("M&M.NS"));

        reply = m_server.call("POST", "/api/watchlist-collections/add-stocks",
            R"({"stocks": [{"symbol": "M&M", "name": "Mahindra"}]})", QStringLiteral("analyze"));
        QCOMPARE(
            objectOf(reply).value(QStringLiteral("added")).toArray(), QJsonArray {QStringLiteral("M&M.NS")});
        reply = m_server.call("DELETE", "/api/watchlist", R"({"symbol": "m&m"})", QStringLiteral("analyze"));
        QCOMPARE(objectOf(reply).value(QStringLiteral("symbol")).toString(), QStringLiteral("M&M.NS"));
        QCOMPARE(objectOf(reply).value(QStringLiteral("removed_count")).toInt(), 1);
    }

    // Placeholders for every NSE stock (bug 14), then the analysed-stock routes (bug 13).
    void analysedStocks()
    {
        OrigServer::Reply reply =
            m_server.call("POST", "/api/stocks/initialize-all-stocks", R"({"force": true})");
        QCOMPARE(reply.status, 201);
        QCOMPARE(objectOf(reply).value(QStringLiteral("inserted")).toInt(), 2192);
        reply = m_server.call("GET", "/api/stocks/all-stocks?limit=3", {}, QStringLiteral("read"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(objectOf(reply).value(QStringLiteral("total")).toInt(), 2192);
        const QJsonObject first = objectOf(reply).value(QStringLiteral("stocks")).toArray().at(0).toObject();
        QVERIFY2(first.value(QStringLiteral("latest_analysis")).toString().endsWith(QLatin1Char('Z')),
            reply.body.constData());
        reply = m_server.call("GET", "/api/stocks/all-stocks/m%26m/history", {}, QStringLiteral("read"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(objectOf(reply).value(QStringLiteral("count")).toInt(), 1);
        QCOMPARE(objectOf(reply)
                     .value(QStringLiteral("history"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("ticker"))
                     .toString(),
            QStringLiteral("M&M.NS"));
    }
};

QTEST_GUILESS_MAIN(TestOrigApiCollections)
#include "tst_origapi_collections.moc"
