// `thetool import-csv`, `thetool bars` and `thetool analyze --ticker` run as a user runs them,
// on a SQLite database in a temporary DATA_PATH, with the provider played by a local server.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "tests/market/fakechartserver.h"
#include "tests/support/testenv.h"

using thetool::test::FakeChartServer;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QString err;
};

} // namespace

class TestMarketCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Run run(const QStringList &args, const QMap<QString, QString> &env = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DATABASE_URL"));
        environment.insert(QStringLiteral("DATA_PATH"), m_dir.filePath(QStringLiteral("data")));
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            environment.insert(it.key(), it.value());
        process.setProcessEnvironment(environment);
        process.start(qEnvironmentVariable("THETOOL_BIN"), args);
        Run r;
        if (!process.waitForFinished(120000))
            return r;
        r.exitCode = process.exitCode();
        r.out = process.readAllStandardOutput();
        r.err = QString::fromUtf8(process.readAllStandardError());
        return r;
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
        QVERIFY(!qEnvironmentVariable("THETOOL_BIN").isEmpty());
    }

    void importThenBarsThenAnalyze()
    {
        const QString sample =
            thetool::test::sourceDir() + QStringLiteral("/tests/data/market/RELIANCE.NS_sample.csv");
        Run r = run({QStringLiteral("import-csv"), sample, QStringLiteral("--symbol"),
            QStringLiteral("reliance.ns")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("imported "), r.out.constData());
        // Stored bars, offline: exactly what was imported.
        r = run({QStringLiteral("bars"), QStringLiteral("--symbol"), QStringLiteral("RELIANCE.NS"),
            QStringLiteral("--period"), QStringLiteral("100y"), QStringLiteral("--offline")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("date,open,high,low,close,volume\n"));
        QVERIFY2(r.err.contains(QLatin1String(" from csv")), qPrintable(r.err));
        const int rows = int(r.out.count('\n')) - 1;
        QVERIFY(rows > 50);
        QVERIFY2(QFile(sample).open(QIODevice::ReadOnly), "sample");
        // Analyse from the store (the sample is old, so --offline keeps the provider out).
        r = run({QStringLiteral("analyze"), QStringLiteral("--ticker"), QStringLiteral("RELIANCE.NS"),
            QStringLiteral("--period"), QStringLiteral("100y"), QStringLiteral("--offline")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject result = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(result.value(QStringLiteral("success")).toBool(), true);
        QCOMPARE(result.value(QStringLiteral("data_source")).toString(), QStringLiteral("csv"));
        QCOMPARE(result.value(QStringLiteral("is_demo_data")).toBool(), false);
        // Backtest from the store: every stored bar, the stored bars' source.
        r = run({QStringLiteral("backtest"), QStringLiteral("--ticker"), QStringLiteral("RELIANCE.NS"),
            QStringLiteral("--period"), QStringLiteral("100y"), QStringLiteral("--offline"),
            QStringLiteral("--strategy"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject backtest = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(backtest.value(QStringLiteral("days_analyzed")).toInt(), rows);
        QCOMPARE(backtest.value(QStringLiteral("data_source")).toString(), QStringLiteral("csv"));
        QVERIFY2(!backtest.contains(QStringLiteral("error")), r.out.constData());
    }

    void analyzeDemo()
    {
        const Run r = run({QStringLiteral("analyze"), QStringLiteral("--ticker"), QStringLiteral("TCS.NS"),
            QStringLiteral("--demo"), QStringLiteral("--as-of"), QStringLiteral("2026-01-15")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject result = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(result.value(QStringLiteral("success")).toBool(), true);
        QCOMPARE(result.value(QStringLiteral("data_source")).toString(), QStringLiteral("demo"));
        QCOMPARE(result.value(QStringLiteral("is_demo_data")).toBool(), true);
        QCOMPARE(run({QStringLiteral("analyze"), QStringLiteral("--ticker"), QStringLiteral("TCS.NS"),
                         QStringLiteral("--demo"), QStringLiteral("--as-of"), QStringLiteral("2026-01-15")})
                     .out,
            r.out);
    }

    void barsFromTheProvider()
    {
        QFile recorded(thetool::test::sourceDir() + QStringLiteral("/tests/data/market/yahoo_normal.json"));
        QVERIFY(recorded.open(QIODevice::ReadOnly));
        FakeChartServer server;
        server.setScript({{200, recorded.readAll(), false, {}}});
        const QMap<QString, QString> env {{QStringLiteral("MARKET_DATA_URL"), server.url()}};
        const QStringList args = {QStringLiteral("bars"), QStringLiteral("--symbol"),
            QStringLiteral("M&M.NS"), QStringLiteral("--period"), QStringLiteral("5d"),
            QStringLiteral("--as-of"), QStringLiteral("2026-01-14")};
        Run r = run(args, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QLatin1String("3 bars of M&M.NS from yahoo (refreshed)")), qPrintable(r.err));
        QVERIFY(server.requests().first().startsWith("/v8/finance/chart/M%26M.NS?"));
        // Fresh now: the second run is served from the store.
        r = run(args, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QLatin1String("3 bars of M&M.NS from yahoo\n")), qPrintable(r.err));
        QCOMPARE(server.requestCount(), 1);
    }

    void importErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("maxRows");
        QTest::addColumn<QString>("message");
        QTest::newRow("malformed") << QByteArray("date,open,high,low,close,volume\n2024-01-02,1,2,1,1.5,10\n"
                                                 "2024-01-03,1,2,oops,1.5,10\n")
                                   << QString() << QStringLiteral("line 3: bad low value 'oops'");
        QTest::newRow("over MAX_IMPORT_ROWS")
            << QByteArray(
                   "date,open,high,low,close,volume\n2024-01-02,1,2,1,1.5,10\n2024-01-03,1,2,1,1.5,10\n")
            << QStringLiteral("1") << QStringLiteral("more than MAX_IMPORT_ROWS (1) rows");
        QTest::newRow("bad MAX_IMPORT_ROWS")
            << QByteArray("date,open,high,low,close,volume\n") << QStringLiteral("0")
            << QStringLiteral("MAX_IMPORT_ROWS: expected");
    }

    void importErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, maxRows);
        QFETCH(QString, message);
        QMap<QString, QString> env;
        if (!maxRows.isEmpty())
            env.insert(QStringLiteral("MAX_IMPORT_ROWS"), maxRows);
        const Run r = run({QStringLiteral("import-csv"), writeFile(QStringLiteral("in.csv"), text),
                              QStringLiteral("--symbol"), QStringLiteral("ERR.NS")},
            env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        // One readable line (the database layer may log its migration check before it).
        QCOMPARE(r.err.count(QLatin1String("thetool import-csv:")), 1);
        QVERIFY(r.err.trimmed().section(QLatin1Char('\n'), -1).contains(message));
        // Nothing was stored.
        const Run bars = run({QStringLiteral("bars"), QStringLiteral("--symbol"), QStringLiteral("ERR.NS"),
            QStringLiteral("--offline")});
        QCOMPARE(bars.exitCode, 1);
        QVERIFY2(bars.err.contains(QLatin1String("no stored bars for ERR.NS")), qPrintable(bars.err));
    }

    void usage()
    {
        QCOMPARE(run({QStringLiteral("import-csv"), QStringLiteral("x.csv")}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("bars")}).exitCode, 2);
        const Run r = run({QStringLiteral("bars"), QStringLiteral("--symbol"), QStringLiteral("X"),
            QStringLiteral("--demo"), QStringLiteral("--period"), QStringLiteral("1w")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("bad --period '1w'")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestMarketCli)
#include "tst_marketcli.moc"
