// The price store and the CSV importer against a real database. One source, built as
// tst_pricestore_sqlite (a file in a temporary folder) and tst_pricestore_pg (a database of its
// own in the cluster of scripts/test); the provider is a local fake chart server.
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <memory>

#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "backend/market/csvimporter.h"
#include "backend/market/marketdataservice.h"
#include "backend/market/pricestore.h"
#include "tests/market/fakechartserver.h"
#include "tests/support/testenv.h"

using namespace thetool::db;
using namespace thetool::market;
using thetool::analysis::Bars;
using thetool::test::FakeChartServer;

namespace {

constexpr bool kSqlite = THETOOL_DB_TEST_SQLITE != 0;

QDateTime ist(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone(5 * 3600 + 1800)).toUTC();
}

QByteArray recorded(const char *name)
{
    QFile file(thetool::test::sourceDir() + QStringLiteral("/tests/data/market/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Bars makeBars(const QStringList &dates, double base)
{
    Bars bars;
    for (const QString &date : dates) {
        bars.dates.push_back(date.toStdString());
        bars.open.push_back(base);
        bars.high.push_back(base + 1);
        bars.low.push_back(base - 1);
        bars.close.push_back(base + 0.5);
        bars.volume.push_back(1000);
        base += 1;
    }
    return bars;
}

} // namespace

class TestPriceStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<thetool::test::PgTestDatabase> m_pg;
    std::unique_ptr<Database> m_db;
    QDateTime m_now;

    qint64 count(const QString &symbol)
    {
        qint64 n = -1;
        m_db->run([&](QSqlDatabase &connection) {
            QSqlQuery query(connection);
            if (DbError e =
                    m_db->prepare(query, QStringLiteral("SELECT count(*) FROM price_bars WHERE symbol = ?")))
                return e;
            query.addBindValue(symbol);
            if (DbError e = m_db->exec(query))
                return e;
            n = query.next() ? query.value(0).toLongLong() : -1;
            return DbError();
        });
        return n;
    }

    QString writeFile(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(text);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        DatabaseOptions options;
        if (kSqlite) {
            options.dataPath = m_dir.filePath(QStringLiteral("db"));
        } else {
            m_pg = std::make_unique<thetool::test::PgTestDatabase>(QStringLiteral("pricestore"));
            QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
            options.url = m_pg->url().toString();
        }
        DbError error;
        m_db = Database::create(options, &error);
        QVERIFY2(m_db, qPrintable(error.message));
        QString loadError;
        MigrationRunner runner(*m_db, Migration::bundled(m_db->dialect(), &loadError));
        QVERIFY2(loadError.isEmpty(), qPrintable(loadError));
        error = runner.migrate();
        QVERIFY2(error.ok(), qPrintable(error.message));
    }

    void cleanupTestCase()
    {
        if (m_db)
            m_db->releaseThreadConnection();
        m_db.reset();
    }

    void replaceWindowRewritesHistory()
    {
        PriceStore store(*m_db, nullptr, [] { return ist(2026, 1, 20, 18, 0); });
        const QStringList days = {QStringLiteral("2026-01-05"), QStringLiteral("2026-01-06"),
            QStringLiteral("2026-01-07"), QStringLiteral("2026-01-08"), QStringLiteral("2026-01-09")};
        QVERIFY(store.replaceWindow(QStringLiteral("SPLIT.NS"), makeBars(days, 100), QStringLiteral("yahoo"))
                    .ok());
        QCOMPARE(count(QStringLiteral("SPLIT.NS")), 5);
        // A refresh from 01-07 on, after a 1:2 split: halved prices, and 01-09 gone from the window.
        const Bars refreshed = makeBars({QStringLiteral("2026-01-07"), QStringLiteral("2026-01-08")}, 51);
        QVERIFY(store.replaceWindow(QStringLiteral("SPLIT.NS"), refreshed, QStringLiteral("yahoo")).ok());
        Bars stored;
        QString source;
        QVERIFY(store.load(QStringLiteral("SPLIT.NS"), QDate(), &stored, &source).ok());
        QCOMPARE(int(stored.size()), 4);
        QCOMPARE(stored.dates.front(), std::string("2026-01-05"));
        QCOMPARE(stored.close[0], 100.5); // before the window: kept
        QCOMPARE(stored.close[2], 51.5); // rewritten
        QCOMPARE(stored.dates.back(), std::string("2026-01-08"));
        QCOMPARE(source, QStringLiteral("yahoo"));
        // load(from) serves the tail only.
        QVERIFY(store.load(QStringLiteral("SPLIT.NS"), QDate(2026, 1, 7), &stored).ok());
        QCOMPARE(int(stored.size()), 2);
    }

    void refreshesOnlyWhenStale()
    {
        FakeChartServer server;
        server.setScript({{200, recorded("yahoo_normal.json"), false, {}}});
        MarketDataOptions options;
        options.baseUrl = server.url();
        MarketDataService provider(options);
        // Wednesday 2026-01-14 after the close: the recorded data ends that day.
        QDateTime now = ist(2026, 1, 14, 17, 0);
        PriceStore store(*m_db, &provider, [&now] { return now; });
        const Period period = *Period::parse(QStringLiteral("5d"));

        PriceSeries first = store.series(QStringLiteral("reliance.ns"), period, false);
        QVERIFY2(first.ok(), qPrintable(first.error));
        QVERIFY(first.refreshed);
        QCOMPARE(first.dataSource, QStringLiteral("yahoo"));
        QVERIFY(!first.isDemo);
        QCOMPARE(int(first.bars.size()), 3);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(count(QStringLiteral("RELIANCE.NS")), 3);

        // Later the same evening: served from the store.
        PriceSeries second = store.series(QStringLiteral("RELIANCE.NS"), period, false);
        QVERIFY(second.ok());
        QVERIFY(!second.refreshed);
        QCOMPARE(second.dataSource, QStringLiteral("yahoo"));
        QCOMPARE(second.bars.close, first.bars.close);
        QCOMPARE(server.requestCount(), 1);

        // Thursday after the close: Thursday's bar is due, so it refetches (the provider has
        // none: a holiday-like answer); afterwards it does not ask again that day.
        now = ist(2026, 1, 15, 16, 30);
        PriceSeries third = store.series(QStringLiteral("RELIANCE.NS"), period, false);
        QVERIFY(third.ok());
        QCOMPARE(server.requestCount(), 2);
        now = ist(2026, 1, 15, 20, 0);
        QVERIFY(store.series(QStringLiteral("RELIANCE.NS"), period, false).ok());
        QCOMPARE(server.requestCount(), 2);
    }

    void importedBarsDoNotCountAsAFetch()
    {
        // Imported today (real time, long after the clock below), but the import is not a
        // provider fetch: Wednesday's missing bar makes the store refresh.
        CsvImporter importer(*m_db, 100);
        const QString csv = writeFile(QStringLiteral("imp2.csv"),
            "date,open,high,low,close,volume\n2026-01-12,10,12,9,11,1000\n2026-01-13,11,13,10,12,2000\n");
        QVERIFY(importer.importFile(csv, QStringLiteral("IMP2.NS")).ok());
        FakeChartServer server;
        server.setScript({{200, recorded("yahoo_normal.json"), false, {}}});
        MarketDataOptions options;
        options.baseUrl = server.url();
        MarketDataService provider(options);
        PriceStore store(*m_db, &provider, [] { return ist(2026, 1, 14, 17, 0); });
        const PriceSeries series =
            store.series(QStringLiteral("IMP2.NS"), *Period::parse(QStringLiteral("5d")), false);
        QVERIFY2(series.ok(), qPrintable(series.error));
        QCOMPARE(server.requestCount(), 1);
        QVERIFY(series.refreshed);
        QCOMPARE(series.dataSource, QStringLiteral("yahoo"));
        QCOMPARE(series.bars.dates.back(), std::string("2026-01-14"));
    }

    void failedRefreshFallsBackToStoredBars()
    {
        FakeChartServer server;
        server.setScript({{429, "slow down", false, {}}});
        MarketDataOptions options;
        options.baseUrl = server.url();
        MarketDataService provider(options);
        PriceStore store(*m_db, &provider, [] { return ist(2026, 1, 20, 18, 0); });
        const Period period = *Period::parse(QStringLiteral("1mo"));
        const PriceSeries series = store.series(QStringLiteral("SPLIT.NS"), period, false);
        QVERIFY2(series.ok(), qPrintable(series.error));
        QCOMPARE(series.warnings.size(), 1);
        QVERIFY2(
            series.warnings.first().contains(QLatin1String("HTTP 429")), qPrintable(series.warnings.first()));
        QCOMPARE(int(series.bars.size()), 4);
        // Nothing stored and the provider refuses: the error says so.
        const PriceSeries none = store.series(QStringLiteral("NOPE.NS"), period, false);
        QVERIFY(!none.ok());
        QVERIFY2(none.error.contains(QLatin1String("HTTP 429")), qPrintable(none.error));
    }

    void offlineAndDemo()
    {
        PriceStore store(*m_db, nullptr, [] { return ist(2026, 1, 20, 18, 0); });
        const PriceSeries missing =
            store.series(QStringLiteral("ABSENT.NS"), *Period::parse(QStringLiteral("1y")), false);
        QVERIFY(missing.error.startsWith(QLatin1String("no stored bars for ABSENT.NS")));
        const PriceSeries demo =
            store.series(QStringLiteral("ABSENT.NS"), *Period::parse(QStringLiteral("1y")), true);
        QVERIFY(demo.ok());
        QVERIFY(demo.isDemo);
        QCOMPARE(demo.dataSource, QStringLiteral("demo"));
        QCOMPARE(int(demo.bars.size()), 252);
        QCOMPARE(count(QStringLiteral("ABSENT.NS")), 0); // demo bars are never stored
    }

    void importCsv()
    {
        CsvImporter importer(*m_db, 100);
        const QString good = writeFile(QStringLiteral("good.csv"),
            "Date,Open,High,Low,Close,Volume,Dividends,Stock Splits\n"
            "2025-08-28 00:00:00+05:30,10,12,9,11,1000,0,0\n"
            "2025-08-29 00:00:00+05:30,11,13,10,12,2000,0,0\n");
        CsvImportResult result = importer.importFile(good, QStringLiteral("imp.ns"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.rows, 2);
        QCOMPARE(result.firstDate, QStringLiteral("2025-08-28"));
        QCOMPARE(count(QStringLiteral("IMP.NS")), 2);
        // Re-importing replaces the same dates.
        QVERIFY(importer.importFile(good, QStringLiteral("IMP.NS")).ok());
        QCOMPARE(count(QStringLiteral("IMP.NS")), 2);

        // A bad line: its number, and nothing of the file is stored.
        const QString bad = writeFile(QStringLiteral("bad.csv"),
            "date,open,high,low,close,volume\n2025-09-01,1,2,0.5,1.5,10\n2025-09-02,1,2,0.5,x,10\n");
        result = importer.importFile(bad, QStringLiteral("BAD.NS"));
        QVERIFY(result.error.startsWith(QLatin1String("line 3: bad close value 'x'")));
        QCOMPARE(count(QStringLiteral("BAD.NS")), 0);
        const QString empty = writeFile(
            QStringLiteral("empty.csv"), "date,open,high,low,close,volume\n2025-09-01,,2,0.5,1.5,10\n");
        QVERIFY(importer.importFile(empty, QStringLiteral("BAD.NS"))
                    .error.startsWith(QLatin1String("line 2: open is empty")));

        // Over MAX_IMPORT_ROWS: refused whole, with a message.
        QByteArray many = "date,open,high,low,close,volume\n";
        QDate day(2020, 1, 1);
        for (int i = 0; i < 101; ++i, day = day.addDays(1))
            many += day.toString(Qt::ISODate).toLatin1() + ",1,2,0.5,1.5,10\n";
        result = importer.importFile(writeFile(QStringLiteral("many.csv"), many), QStringLiteral("MANY.NS"));
        QVERIFY2(result.error.contains(QLatin1String("more than MAX_IMPORT_ROWS (100) rows (line 102)")),
            qPrintable(result.error));
        QCOMPARE(count(QStringLiteral("MANY.NS")), 0);
    }
};

QTEST_GUILESS_MAIN(TestPriceStore)
#include "tst_pricestore.moc"
