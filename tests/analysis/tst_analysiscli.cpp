// `thetool indicators` and `thetool analyze` run as a user runs them, on golden inputs.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "tests/analysis/goldendata.h"

using namespace thetool;

class TestAnalysisCli : public QObject
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
        process.start(qEnvironmentVariable("THETOOL_BIN"), args);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), QString::fromUtf8(process.readAllStandardError())};
    }

    static QString input(const QString &name)
    {
        return tests::goldenDir() + QStringLiteral("/inputs/") + name + QStringLiteral(".csv");
    }

private Q_SLOTS:
    void indicatorsCsvMatchesGolden()
    {
        const Run r = run(
            {QStringLiteral("indicators"), QStringLiteral("--input"), input(QStringLiteral("reliance_80"))});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 81);
        QCOMPARE(lines[0],
            QByteArray("date,open,high,low,close,volume,rsi,macd,macd_signal,macd_hist,adx,plus_di,"
                       "minus_di,psar,ema_fast,ema_slow,stoch_k,stoch_d,cci,williams_r,atr,bb_upper,"
                       "bb_middle,bb_lower,obv,cmf"));
        const auto golden = tests::readGoldenSeries(QStringLiteral("reliance_80"));
        const QList<QByteArray> last = lines.last().split(',');
        QCOMPARE(last.size(), 26);
        QCOMPARE(QString::fromLatin1(last[0]), golden.dates.last());
        const QList<std::pair<int, QString>> checks = {{6, QStringLiteral("rsi")},
            {9, QStringLiteral("macd_hist")}, {10, QStringLiteral("adx")},
            {13, QStringLiteral("psar_or_empty")}, {18, QStringLiteral("cci")}, {25, QStringLiteral("cmf")}};
        for (const auto &[column, name] : checks) {
            const std::vector<double> values = golden.columns.value(name);
            QVERIFY2(!values.empty(), qPrintable(name));
            const double want = values.back();
            QVERIFY2(std::fabs(last[column].toDouble() - want) <= 1e-9 * std::max(1.0, std::fabs(want)),
                qPrintable(name));
        }
        QVERIFY(last[14].isEmpty() && last[15].isEmpty()); // EMA 50/200 need 300 bars
        // Undefined warm-up values are empty cells.
        QVERIFY(lines[1].endsWith(",,,,,,,,,,,,,,,,,,,,")); // first bar: no indicator at all
    }

    void indicatorsJson()
    {
        const Run r = run({QStringLiteral("indicators"), QStringLiteral("--input"),
            input(QStringLiteral("rw_60_s1")), QStringLiteral("--format"), QStringLiteral("json"),
            QStringLiteral("--profile"), QStringLiteral("classic")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(root.value(QStringLiteral("profile")).toString(), QStringLiteral("classic"));
        const QJsonArray bars = root.value(QStringLiteral("bars")).toArray();
        QCOMPARE(bars.size(), 60);
        QVERIFY(bars[0].toObject().value(QStringLiteral("rsi")).isNull());
        const auto golden = tests::readGoldenSeries(QStringLiteral("rw_60_s1"));
        const std::vector<double> rsi = golden.columns.value(QStringLiteral("rsi"));
        QVERIFY(!rsi.empty());
        QVERIFY(
            std::fabs(bars[59].toObject().value(QStringLiteral("rsi")).toDouble() - rsi.back()) < 1e-9 * 100);
    }

    void standardProfileMatchesTaLib()
    {
        // The same fixture and columns as tests/analysis_standard, through the command line.
        const QString dir = tests::goldenDir() + QStringLiteral("/../standard/");
        const Run r = run({QStringLiteral("indicators"), QStringLiteral("--input"),
            dir + QStringLiteral("inputs/rw_250_s2.csv"), QStringLiteral("--profile"),
            QStringLiteral("standard")});
        QCOMPARE(r.exitCode, 0);
        QFile expectedFile(dir + QStringLiteral("expected/rw_250_s2.csv"));
        QVERIFY(expectedFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> expected = expectedFile.readAll().trimmed().split('\n');
        const QStringList ours = QString::fromUtf8(r.out).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(ours.size(), expected.size());
        const QStringList ourHeader = ours.first().split(QLatin1Char(','));
        const QList<QByteArray> taHeader = expected.first().split(',');
        const QList<QPair<QString, QByteArray>> columns = {{QStringLiteral("rsi"), "rsi"},
            {QStringLiteral("macd_hist"), "macd_hist"}, {QStringLiteral("adx"), "adx"},
            {QStringLiteral("psar"), "sar"}, {QStringLiteral("ema_slow"), "ema_200"},
            {QStringLiteral("stoch_d"), "stoch_d"}, {QStringLiteral("williams_r"), "willr"},
            {QStringLiteral("bb_lower"), "bb_lower"}, {QStringLiteral("obv"), "obv"}};
        for (const auto &[ourName, taName] : columns) {
            const qsizetype ourColumn = ourHeader.indexOf(ourName);
            const qsizetype taColumn = taHeader.indexOf(taName);
            QVERIFY2(ourColumn >= 0 && taColumn >= 0, qPrintable(ourName));
            for (qsizetype row = 1; row < ours.size(); ++row) {
                const QString mine = ours.at(row).split(QLatin1Char(',')).at(ourColumn);
                const QByteArray theirs = expected.at(row).split(',').at(taColumn);
                QCOMPARE(mine.isEmpty(), theirs.isEmpty());
                if (!theirs.isEmpty()) {
                    const double a = mine.toDouble();
                    const double b = theirs.toDouble();
                    QVERIFY2(std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)),
                        qPrintable(ourName + QStringLiteral(" row ") + QString::number(row)));
                }
            }
        }
    }

    void unknownProfileIsRefused()
    {
        for (const QString &command : {QStringLiteral("indicators"), QStringLiteral("analyze")}) {
            QStringList args {command, QStringLiteral("--input"), input(QStringLiteral("rw_60_s1")),
                QStringLiteral("--profile"), QStringLiteral("tradingview")};
            if (command == QLatin1String("analyze"))
                args << QStringLiteral("--ticker") << QStringLiteral("X");
            const Run r = run(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(QLatin1String("unknown profile")), qPrintable(r.err));
            QVERIFY(r.out.isEmpty());
        }
    }

    void analyzeWithStandardProfile()
    {
        const Run r = run({QStringLiteral("analyze"), QStringLiteral("--input"),
            input(QStringLiteral("reliance_80")), QStringLiteral("--ticker"), QStringLiteral("X"),
            QStringLiteral("--profile"), QStringLiteral("standard")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject result = QJsonDocument::fromJson(r.out).object();
        QVERIFY(result.contains(QStringLiteral("score")));
        QCOMPARE(result.value(QStringLiteral("indicators")).toArray().size(), 12);
    }

    void analyzeMatchesGolden()
    {
        const QString config = QStringLiteral(
            R"({"capital": 100000.0, "risk_percent": 2, "position_size_limit": 20, "risk_reward_ratio": 1.5, "category_weights": {"trend": 1.0, "momentum": 1.0, "volatility": 0.9, "volume": 0.9}, "enabled_indicators": {"macd": true, "adx": true, "ema_crossover": true, "parabolic_sar": true, "rsi": true, "stochastic": true, "cci": true, "williams_r": true, "bollinger_bands": true, "atr": true, "obv": true, "cmf": true}})");
        const Run r = run({QStringLiteral("analyze"), QStringLiteral("--input"),
            input(QStringLiteral("reliance_80")), QStringLiteral("--ticker"), QStringLiteral("test.ns"),
            QStringLiteral("--strategy"), QStringLiteral("5"), QStringLiteral("--config"), config});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject ours = QJsonDocument::fromJson(r.out).object();
        QFile file(tests::goldenDir() + QStringLiteral("/analyze/reliance_80.s5.frontend.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject golden = QJsonDocument::fromJson(file.readAll()).object();
        for (const char *key :
            {"ticker", "score", "verdict", "signal", "entry", "stop", "target", "position_size",
                "risk_message", "strategy_id", "strategy_name", "market_regime", "indicators"})
            QVERIFY2(ours.value(QLatin1String(key)) == golden.value(QLatin1String(key)), key);
        QCOMPARE(
            ours.value(QStringLiteral("risk_reward_ratio")).toDouble(), 1.5); // recomputed (original: 1.33)
    }

    void analyzeConfigFromFileAndCapital()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile config(dir.filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({"stop_loss_pct": null, "risk_percent": 1})");
        config.close();
        const Run r =
            run({QStringLiteral("analyze"), QStringLiteral("--input"), input(QStringLiteral("rw_250_s1")),
                QStringLiteral("--ticker"), QStringLiteral("ABC.NS"), QStringLiteral("--capital"),
                QStringLiteral("50000"), QStringLiteral("--config"), QLatin1Char('@') + config.fileName()});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject ours = QJsonDocument::fromJson(r.out).object();
        QVERIFY(ours.value(QStringLiteral("risk_message")).toString().contains(QLatin1String("risk: 1.0%")));
        QCOMPARE(ours.value(QStringLiteral("strategy_id")).toInt(), 1);
    }

    void badInputsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no input") << QStringList {QStringLiteral("indicators")}
                                  << QStringLiteral("--input FILE is required");
        QTest::newRow("missing file") << QStringList {QStringLiteral("indicators"), QStringLiteral("--input"),
            QStringLiteral("/nonexistent/x.csv")}
                                      << QStringLiteral("cannot read");
        QTest::newRow("bad format") << QStringList {QStringLiteral("indicators"), QStringLiteral("--input"),
            input(QStringLiteral("rw_60_s1")), QStringLiteral("--format"), QStringLiteral("xml")}
                                    << QStringLiteral("unknown format");
        QTest::newRow("bad strategy") << QStringList {QStringLiteral("analyze"), QStringLiteral("--input"),
            input(QStringLiteral("rw_60_s1")), QStringLiteral("--ticker"), QStringLiteral("X"),
            QStringLiteral("--strategy"), QStringLiteral("6")}
                                      << QStringLiteral("--strategy must be");
        QTest::newRow("bad config") << QStringList {QStringLiteral("analyze"), QStringLiteral("--input"),
            input(QStringLiteral("rw_60_s1")), QStringLiteral("--ticker"), QStringLiteral("X"),
            QStringLiteral("--config"), QStringLiteral("{\"capital\": \"x\"}")}
                                    << QStringLiteral("config.capital must be a number");
    }

    void badInputsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void badCsvRowIsNamed()
    {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("bad.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,1,1.5,10\n2024-01-03,1,2,oops,1.5,10\n");
        csv.close();
        const Run r = run({QStringLiteral("indicators"), QStringLiteral("--input"), csv.fileName()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("line 3: bad low value 'oops'")), qPrintable(r.err));
    }

    void tooFewBarsIsAnErrorResult()
    {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("short.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("date,open,high,low,close,volume\n2024-01-02,1,2,1,1.5,10\n");
        csv.close();
        const Run r = run({QStringLiteral("analyze"), QStringLiteral("--input"), csv.fileName(),
            QStringLiteral("--ticker"), QStringLiteral("X")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("Insufficient data: 1 rows (minimum 50 required)")),
            qPrintable(r.err));
        const QJsonObject result = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(result.value(QStringLiteral("verdict")).toString(), QStringLiteral("Error"));
        QCOMPARE(result.value(QStringLiteral("success")).toBool(), false);
    }
};

QTEST_GUILESS_MAIN(TestAnalysisCli)
#include "tst_analysiscli.moc"
