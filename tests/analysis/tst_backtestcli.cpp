// `thetool backtest` run as a user runs it, on golden inputs.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "tests/analysis/backtestjsoncompare.h"
#include "tests/analysis/goldendata.h"

using namespace thetool;

class TestBacktestCli : public QObject
{
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QByteArray out;
        QString err;
    };

    static Run run(const QStringList &args)
    {
        QProcess process;
        process.start(qEnvironmentVariable("THETOOL_BIN"), QStringList {QStringLiteral("backtest")} + args);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), QString::fromUtf8(process.readAllStandardError())};
    }

    static QString input(const QString &name)
    {
        return tests::goldenDir() + QStringLiteral("/inputs/") + name + QStringLiteral(".csv");
    }

    static QJsonObject golden(const QString &file)
    {
        QFile f(tests::goldenDir() + QStringLiteral("/backtest/") + file);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

private Q_SLOTS:
    void reproducesGolden_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("strategy");
        QTest::newRow("reliance_80 s5") << QStringLiteral("reliance_80") << QStringLiteral("5");
        QTest::newRow("rw_600_s2 s2 (last 365)") << QStringLiteral("rw_600_s2") << QStringLiteral("2");
        QTest::newRow("flat_runs_200 s1 (no signals)")
            << QStringLiteral("flat_runs_200") << QStringLiteral("1");
    }

    void reproducesGolden()
    {
        QFETCH(QString, name);
        QFETCH(QString, strategy);
        const Run r = run({QStringLiteral("--input"), input(name), QStringLiteral("--ticker"),
            QStringLiteral("test.ns"), QStringLiteral("--strategy"), strategy});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        QJsonObject ours = QJsonDocument::fromJson(r.out).object();
        QJsonObject want = golden(name + QStringLiteral(".s") + strategy + QStringLiteral(".json"));
        QVERIFY(!want.isEmpty());
        if (want.contains(QStringLiteral("data_source"))) {
            // The original fetched from Yahoo; ours read a CSV file and says so.
            QCOMPARE(ours.value(QStringLiteral("data_source")).toString(), QStringLiteral("csv"));
            ours.remove(QStringLiteral("data_source"));
            want.remove(QStringLiteral("data_source"));
        }
        const QString difference = tests::jsonDifference(want, ours);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    void defaultStrategyIsFiveAndDaysTrim()
    {
        const Run r =
            run({QStringLiteral("--input"), input(QStringLiteral("rw_600_s2")), QStringLiteral("--ticker"),
                QStringLiteral("X.NS"), QStringLiteral("--days"), QStringLiteral("200")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("strategy_id")).toInt(), 5);
        QCOMPARE(o.value(QStringLiteral("days_analyzed")).toInt(), 200);
        QCOMPARE(o.value(QStringLiteral("total_signals")).toInt(), 10);
        QCOMPARE(o.value(QStringLiteral("ticker")).toString(), QStringLiteral("X.NS"));
        QVERIFY(
            o.value(QStringLiteral("backtest_period")).toString().endsWith(QLatin1String("to 2024-04-19")));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString csv = input(QStringLiteral("rw_250_s1"));
        const QString ticker = QStringLiteral("--ticker");
        QTest::newRow("days 29") << QStringList {QStringLiteral("--input"), csv, ticker, QStringLiteral("T"),
            QStringLiteral("--days"), QStringLiteral("29")}
                                 << QStringLiteral(
                                        "thetool backtest: --days: days must be between 30 and 365");
        QTest::newRow("days 366") << QStringList {QStringLiteral("--input"), csv, ticker, QStringLiteral("T"),
            QStringLiteral("--days"), QStringLiteral("366")}
                                  << QStringLiteral(
                                         "thetool backtest: --days: days must be between 30 and 365");
        QTest::newRow("days text") << QStringList {QStringLiteral("--input"), csv, ticker,
            QStringLiteral("T"), QStringLiteral("--days"), QStringLiteral("many")}
                                   << QStringLiteral(
                                          "thetool backtest: --days: days must be between 30 and 365");
        QTest::newRow("strategy 6") << QStringList {QStringLiteral("--input"), csv, ticker,
            QStringLiteral("T"), QStringLiteral("--strategy"),
            QStringLiteral("6")} << QStringLiteral("thetool backtest: Invalid strategy_id: 6. Must be 1-5.");
        QTest::newRow("no ticker") << QStringList {QStringLiteral("--input"),
            csv} << QStringLiteral("thetool backtest: --ticker T is required");
        QTest::newRow("missing file") << QStringList {QStringLiteral("--input"),
            QStringLiteral("/nonexistent.csv"), ticker, QStringLiteral("T")}
                                      << QStringLiteral("thetool backtest: /nonexistent.csv: ");
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(message), qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1); // one readable line
    }

    void tooFewBars()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile source(input(QStringLiteral("rw_60_s1")));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = source.readAll().split('\n');
        QFile small(dir.filePath(QStringLiteral("small.csv")));
        QVERIFY(small.open(QIODevice::WriteOnly));
        for (int i = 0; i <= 40; ++i) // header and 40 bars
            small.write(lines[i] + '\n');
        small.close();
        const Run r = run(
            {QStringLiteral("--input"), small.fileName(), QStringLiteral("--ticker"), QStringLiteral("T")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
            QStringLiteral(
                "thetool backtest: No valid data available: Insufficient data: 40 rows (minimum 50 "
                "required)\n"));
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("error")).toString(),
            QStringLiteral("No valid data available: Insufficient data: 40 rows (minimum 50 required)"));
        QCOMPARE(o.value(QStringLiteral("strategy_id")).toInt(), 5);
    }
};

QTEST_GUILESS_MAIN(TestBacktestCli)
#include "tst_backtestcli.moc"
