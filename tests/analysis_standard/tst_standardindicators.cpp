#include <QDir>
#include <QFile>
#include <QHash>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "backend/analysis/indicatorseries.h"
#include "backend/analysis/standardindicators.h"

namespace standard = thetool::analysis::standard;

namespace {

using Columns = std::map<std::string, std::vector<double>>;

QString goldenDir()
{
    return qEnvironmentVariable("THETOOL_SOURCE_DIR") + QStringLiteral("/tests/data/golden/standard");
}

// A CSV with a header row; an empty cell is NaN (TA-Lib has no value there). Non-numeric columns
// (the date) are skipped.
Columns readCsv(const QString &path)
{
    Columns columns;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return columns;
    const QList<QByteArray> header = file.readLine().trimmed().split(',');
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QList<QByteArray> cells = line.split(',');
        for (qsizetype c = 0; c < header.size(); ++c) {
            if (header[c] == "date")
                continue;
            const QByteArray cell = c < cells.size() ? cells[c] : QByteArray();
            bool ok = true;
            const double value =
                cell.isEmpty() ? std::numeric_limits<double>::quiet_NaN() : cell.toDouble(&ok);
            columns[header[c].toStdString()].push_back(ok ? value : std::numeric_limits<double>::infinity());
        }
    }
    return columns;
}

// Every series of the standard profile under the column names of the expected CSVs.
Columns computeAll(const Columns &in)
{
    const auto &high = in.at("high");
    const auto &low = in.at("low");
    const auto &close = in.at("close");
    const auto &volume = in.at("volume");
    Columns out;
    out["rsi"] = standard::rsi(close, 14);
    auto m = standard::macd(close, 12, 26, 9);
    out["macd"] = std::move(m.macd);
    out["macd_signal"] = std::move(m.signal);
    out["macd_hist"] = std::move(m.histogram);
    auto dm = standard::directional(high, low, close, 14);
    out["adx"] = std::move(dm.adx);
    out["plus_di"] = std::move(dm.plusDi);
    out["minus_di"] = std::move(dm.minusDi);
    out["sar"] = standard::sar(high, low, 0.02, 0.2);
    out["ema_50"] = standard::ema(close, 50);
    out["ema_200"] = standard::ema(close, 200);
    auto st = standard::stoch(high, low, close, 14, 3, 3);
    out["stoch_k"] = std::move(st.k);
    out["stoch_d"] = std::move(st.d);
    out["cci"] = standard::cci(high, low, close, 20);
    out["willr"] = standard::willr(high, low, close, 14);
    out["atr"] = standard::atr(high, low, close, 14);
    auto bb = standard::bbands(close, 20, 2.0, 2.0);
    out["bb_upper"] = std::move(bb.upper);
    out["bb_middle"] = std::move(bb.middle);
    out["bb_lower"] = std::move(bb.lower);
    out["obv"] = standard::obv(close, volume);
    return out;
}

// The same columns as computeIndicators(..., Standard) fills them: what analyses actually read.
Columns computeProfile(const Columns &in)
{
    thetool::analysis::Bars bars;
    bars.open = in.at("open");
    bars.high = in.at("high");
    bars.low = in.at("low");
    bars.close = in.at("close");
    bars.volume = in.at("volume");
    const auto s = thetool::analysis::computeIndicators(bars, thetool::analysis::FormulaProfile::Standard);
    return {{"rsi", s.rsi}, {"macd", s.macd}, {"macd_signal", s.macdSignal}, {"macd_hist", s.macdHist},
        {"adx", s.adx}, {"plus_di", s.plusDi}, {"minus_di", s.minusDi}, {"sar", s.psar},
        {"ema_50", s.emaFast}, {"ema_200", s.emaSlow}, {"stoch_k", s.stochK}, {"stoch_d", s.stochD},
        {"cci", s.cci}, {"willr", s.williamsR}, {"atr", s.atr}, {"bb_upper", s.bbUpper},
        {"bb_middle", s.bbMiddle}, {"bb_lower", s.bbLower}, {"obv", s.obv}, {"psar_bull", s.psarBull}};
}

bool allNaN(const std::vector<double> &v)
{
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isnan(x); });
}

} // namespace

class TestStandardIndicators : public QObject
{
    Q_OBJECT

private:
    struct Fixture {
        Columns expected;
        Columns actual; // the standard:: functions
        Columns profile; // computeIndicators(..., Standard)
        std::vector<double> close;
    };
    QHash<QString, Fixture> m_fixtures;

private Q_SLOTS:
    void initTestCase()
    {
        const QDir inputs(goldenDir() + QStringLiteral("/inputs"));
        const QStringList names = inputs.entryList({QStringLiteral("*.csv")}, QDir::Files, QDir::Name);
        QVERIFY2(names.size() >= 8, qPrintable(QStringLiteral("fixtures missing in ") + inputs.path()));
        for (const QString &name : names) {
            const Columns in = readCsv(inputs.filePath(name));
            QVERIFY2(in.count("close") && !in.at("close").empty(), qPrintable(name));
            Fixture fixture;
            fixture.expected = readCsv(goldenDir() + QStringLiteral("/expected/") + name);
            QVERIFY2(
                fixture.expected.size() == 19, qPrintable(QStringLiteral("expected columns of ") + name));
            fixture.actual = computeAll(in);
            fixture.profile = computeProfile(in);
            fixture.close = in.at("close");
            m_fixtures.insert(name.chopped(4), std::move(fixture));
        }
    }

    void matchesTaLib_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("series");
        QTest::addColumn<bool>("viaProfile");
        QStringList names = m_fixtures.keys();
        names.sort();
        for (const bool viaProfile : {false, true}) {
            for (const QString &name : names) {
                for (const auto &[series, values] : m_fixtures[name].expected) {
                    Q_UNUSED(values);
                    const QString column = QString::fromStdString(series);
                    QTest::addRow("%s%s/%s", viaProfile ? "profile/" : "", qPrintable(name), series.c_str())
                        << name << column << viaProfile;
                }
            }
        }
    }

    // Within 1e-9 * max(1, |TA-Lib value|, series scale) on every bar TA-Lib defines, where the
    // scale is the largest |value| TA-Lib gives in that series; NaN exactly where TA-Lib has none.
    // Both for the functions and for the profile's columns, so a mix-up in the wiring shows too.
    void matchesTaLib()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, series);
        QFETCH(bool, viaProfile);
        const Fixture &f = m_fixtures[fixture];
        const Columns &computed = viaProfile ? f.profile : f.actual;
        const std::string key = series.toStdString();
        QVERIFY2(computed.count(key), "series not computed");
        const auto &expected = f.expected.at(key);
        const auto &actual = computed.at(key);
        QCOMPARE(actual.size(), expected.size());
        double scale = 1.0;
        for (double v : expected) {
            QVERIFY2(!std::isinf(v), "unreadable expected value");
            if (!std::isnan(v))
                scale = std::max(scale, std::fabs(v));
        }
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const double want = expected[i];
            const double got = actual[i];
            if (std::isnan(want)) {
                QVERIFY2(std::isnan(got),
                    qPrintable(QStringLiteral("bar %1: TA-Lib has no value, ours is %2")
                                   .arg(i)
                                   .arg(got, 0, 'g', 17)));
                continue;
            }
            const double tolerance = 1e-9 * std::max(scale, std::fabs(want));
            QVERIFY2(std::fabs(got - want) <= tolerance,
                qPrintable(QStringLiteral("bar %1: ours %2, TA-Lib %3")
                               .arg(i)
                               .arg(got, 0, 'g', 17)
                               .arg(want, 0, 'g', 17)));
        }
    }

    // TA-Lib has no SAR trend output: the profile's psarBull is which side of the close TA-Lib's SAR
    // is on (below: bull), undefined where the SAR is.
    void psarBullIsTheSideOfTaLibsSar()
    {
        for (auto it = m_fixtures.cbegin(); it != m_fixtures.cend(); ++it) {
            QVERIFY(it->expected.count("sar") && it->profile.count("psar_bull"));
            const auto &sar = it->expected.at("sar");
            const auto &bull = it->profile.at("psar_bull");
            QCOMPARE(bull.size(), sar.size());
            for (std::size_t i = 0; i < sar.size(); ++i) {
                const QString where = it.key() + QStringLiteral(" bar ") + QString::number(i);
                if (std::isnan(sar[i])) {
                    QVERIFY2(std::isnan(bull[i]), qPrintable(where));
                    continue;
                }
                QVERIFY2(bull[i] == (sar[i] < it->close[i] ? 1.0 : 0.0), qPrintable(where));
            }
        }
    }

    // The fixtures reach every first-defined index: the long walk defines every series.
    void longestFixtureDefinesEverySeries()
    {
        const Fixture &f = m_fixtures[QStringLiteral("rw_2520_s3")];
        QCOMPARE(f.actual.size(), std::size_t(19));
        for (const auto &[series, values] : f.actual)
            QVERIFY2(!allNaN(values), series.c_str());
        // First defined bars as TA-Lib's lookbacks give them.
        const std::map<std::string, std::size_t> firstBar {{"rsi", 14}, {"macd", 33}, {"adx", 27},
            {"plus_di", 14}, {"sar", 1}, {"ema_50", 49}, {"ema_200", 199}, {"stoch_k", 17}, {"cci", 19},
            {"willr", 13}, {"atr", 14}, {"bb_middle", 19}, {"obv", 0}};
        for (const auto &[series, first] : firstBar) {
            const auto &v = f.actual.at(series);
            QVERIFY2(!std::isnan(v[first]), series.c_str());
            QVERIFY2(first == 0 || std::isnan(v[first - 1]), series.c_str());
        }
    }

    void badParametersGiveNaNNotACrash()
    {
        const std::vector<double> close {1, 2, 3, 4, 5, 6};
        const std::vector<double> shorter {1, 2, 3};
        QVERIFY(allNaN(standard::rsi(close, 1)));
        QVERIFY(allNaN(standard::ema(close, 0)));
        QVERIFY(allNaN(standard::ema(close, -3)));
        QVERIFY(allNaN(standard::macd(close, 2, 3, 0).macd));
        QVERIFY(allNaN(standard::directional(close, shorter, close, 2).adx));
        QVERIFY(allNaN(standard::sar(close, shorter)));
        QVERIFY(allNaN(standard::sar(close, close, 0.0, 0.2)));
        QVERIFY(allNaN(standard::stoch(close, close, close, 2, 0, 3).k));
        QVERIFY(allNaN(standard::cci(close, close, shorter, 3)));
        QVERIFY(allNaN(standard::willr(close, close, close, 7)));
        QVERIFY(allNaN(standard::atr(close, close, close, 6)));
        QVERIFY(allNaN(standard::bbands(close, 1).middle));
        QVERIFY(allNaN(standard::obv(close, shorter)));
        QCOMPARE(standard::rsi(close, 1).size(), close.size());
        QCOMPARE(standard::obv(close, shorter).size(), close.size());
        const std::vector<double> empty;
        QVERIFY(standard::rsi(empty).empty());
        QVERIFY(standard::sar(empty, empty).empty());
        QVERIFY(standard::obv(empty, empty).empty());
        QVERIFY(standard::macd(empty).signal.empty());
    }
};

QTEST_GUILESS_MAIN(TestStandardIndicators)
#include "tst_standardindicators.moc"
