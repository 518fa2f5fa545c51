// The pure parts behind the original API: the bundled NSE universe, the bulk-password check
// (constant-time comparison, libcrypt's bcrypt), the strict attempt window, ticker
// normalisation and the help Markdown renderer.
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <cmath>

#include "backend/analysis/strategy.h"
#include "backend/market/nseuniverse.h"
#include "backend/report/markdownhtml.h"
#include "backend/security/attemptwindow.h"
#include "backend/security/bulkpassword.h"
#include "backend/server/routesupport.h"

using thetool::market::NseUniverse;
using thetool::security::AttemptWindow;
using thetool::security::BulkPassword;

class TestOrigApiUnit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void universeIsBundled()
    {
        const NseUniverse &universe = NseUniverse::bundled();
        QCOMPARE(universe.size(), 2192);
        QCOMPARE(universe.stocks().first().symbol, QStringLiteral("20MICRONS"));
        for (const auto &stock : universe.stocks())
            QVERIFY2(stock.yahooSymbol.endsWith(QLatin1String(".NS")), qPrintable(stock.symbol));
    }

    void universeFind_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("symbol");
        QTest::newRow("symbol") << "RELIANCE"
                                << "RELIANCE";
        QTest::newRow("lower case") << "reliance"
                                    << "RELIANCE";
        QTest::newRow("yahoo symbol") << "RELIANCE.NS"
                                      << "RELIANCE";
        QTest::newRow("ampersand") << "m&m"
                                   << "M&M";
        QTest::newRow("ampersand yahoo") << " M&M.ns "
                                         << "M&M";
        QTest::newRow("unknown") << "NOSUCHSTOCK"
                                 << "";
        QTest::newRow("blank") << ""
                               << "";
    }

    void universeFind()
    {
        QFETCH(QString, query);
        QFETCH(QString, symbol);
        const auto *found = NseUniverse::bundled().find(query);
        QCOMPARE(found ? found->symbol : QString(), symbol);
    }

    void universeSearch()
    {
        const NseUniverse &universe = NseUniverse::bundled();
        QCOMPARE(universe.search(QString()).size(), universe.size());
        const auto mahindra = universe.search(QStringLiteral("mahindra & MAHINDRA"));
        QVERIFY(!mahindra.isEmpty());
        QCOMPARE(mahindra.first().symbol, QStringLiteral("M&M"));
        const auto bySymbol = universe.search(QStringLiteral("tcs"));
        QVERIFY(std::any_of(bySymbol.cbegin(), bySymbol.cend(),
            [](const auto &s) { return s.symbol == QLatin1String("TCS"); }));
        QVERIFY(universe.search(QStringLiteral("zzzz-no-such")).isEmpty());
    }

    void universeParseReportsBadLines()
    {
        QString error;
        const NseUniverse u = NseUniverse::parse("symbol,name,yahoo_symbol\nA,Alpha,A.NS\nbroken\n", &error);
        QCOMPARE(u.size(), 1);
        QCOMPARE(error, QStringLiteral("line 3: expected symbol,name,yahoo_symbol"));
    }

    void constantTimeEquals_data()
    {
        QTest::addColumn<QByteArray>("actual");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<bool>("equal");
        QTest::newRow("same") << QByteArray("$2b$04$abc") << QByteArray("$2b$04$abc") << true;
        QTest::newRow("first byte") << QByteArray("X2b$04$abc") << QByteArray("$2b$04$abc") << false;
        QTest::newRow("last byte") << QByteArray("$2b$04$abd") << QByteArray("$2b$04$abc") << false;
        QTest::newRow("prefix") << QByteArray("$2b$04$ab") << QByteArray("$2b$04$abc") << false;
        QTest::newRow("longer") << QByteArray("$2b$04$abcd") << QByteArray("$2b$04$abc") << false;
        QTest::newRow("empty vs text") << QByteArray() << QByteArray("a") << false;
        QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
        QTest::newRow("high bit") << QByteArray("\xff") << QByteArray("\x7f") << false;
    }

    void constantTimeEquals()
    {
        QFETCH(QByteArray, actual);
        QFETCH(QByteArray, expected);
        QFETCH(bool, equal);
        QCOMPARE(thetool::security::constantTimeEquals(actual, expected), equal);
    }

    void bulkPassword()
    {
        const QByteArray hash = BulkPassword::hash("open sesame", 4);
        QVERIFY(BulkPassword::isBcryptHash(QString::fromLatin1(hash)));
        const BulkPassword gate(QString::fromLatin1(hash));
        QCOMPARE(gate.verify(QStringLiteral("open sesame")), BulkPassword::Outcome::Authorized);
        QCOMPARE(gate.verify(QStringLiteral("open sesamE")), BulkPassword::Outcome::Rejected);
        QCOMPARE(gate.verify(QStringLiteral("open")), BulkPassword::Outcome::Rejected);
        QCOMPARE(gate.verify(QStringLiteral("open sesame") + QChar(0) + QStringLiteral("x")),
            BulkPassword::Outcome::Rejected);
        QCOMPARE(BulkPassword(QString()).verify(QStringLiteral("x")), BulkPassword::Outcome::NotConfigured);
        QCOMPARE(BulkPassword(QStringLiteral("plain")).verify(QStringLiteral("plain")),
            BulkPassword::Outcome::Misconfigured);
        // A hash made by Python's bcrypt/crypt ($2b$, cost 4) for "secret".
        const BulkPassword python(
            QStringLiteral("$2b$04$IaInFRVQFKSXWyEhIWlDle9vc61Nd2OmGXm0F4nxxiu5pzTfuHIK2"));
        QCOMPARE(python.verify(QStringLiteral("secret")), BulkPassword::Outcome::Authorized);
        QCOMPARE(python.verify(QStringLiteral("Secret")), BulkPassword::Outcome::Rejected);
    }

    void bcryptShape_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::addColumn<bool>("ok");
        const QString tail = QStringLiteral("IaInFRVQFKSXWyEhIWlDle9vc61Nd2OmGXm0F4nxxiu5pzTfuHIK2");
        QTest::newRow("2b") << QStringLiteral("$2b$04$") + tail << true;
        QTest::newRow("2a") << QStringLiteral("$2a$12$") + tail << true;
        QTest::newRow("2y") << QStringLiteral("$2y$31$") + tail << true;
        QTest::newRow("cost 3") << QStringLiteral("$2b$03$") + tail << false;
        QTest::newRow("cost 32") << QStringLiteral("$2b$32$") + tail << false;
        QTest::newRow("short") << QStringLiteral("$2b$04$") + tail.left(52) << false;
        QTest::newRow("sha512") << QStringLiteral("$6$salt$") + tail << false;
        QTest::newRow("empty") << QString() << false;
    }

    void bcryptShape()
    {
        QFETCH(QString, hash);
        QFETCH(bool, ok);
        QCOMPARE(BulkPassword::isBcryptHash(hash), ok);
    }

    void attemptWindow()
    {
        auto now = std::chrono::steady_clock::time_point(std::chrono::hours(1));
        AttemptWindow window(5, std::chrono::seconds(60), [&now] { return now; });
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(window.tryAttempt(QStringLiteral("10.0.0.1")), 0);
            now += std::chrono::seconds(11);
        }
        // 55 s after the first attempt: the 6th is refused until the first leaves the window.
        QCOMPARE(window.tryAttempt(QStringLiteral("10.0.0.1")), 5);
        QCOMPARE(window.tryAttempt(QStringLiteral("10.0.0.2")), 0); // another client
        now += std::chrono::seconds(5);
        QCOMPARE(window.tryAttempt(QStringLiteral("10.0.0.1")), 0);
        QVERIFY(window.tryAttempt(QStringLiteral("10.0.0.1")) > 0);
    }

    void normalizeTicker_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("ticker");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << " tcs "
                               << "TCS.NS" << true;
        QTest::newRow("suffix kept") << "reliance.bo"
                                     << "RELIANCE.BO" << true;
        QTest::newRow("ampersand") << "m&m"
                                   << "M&M.NS" << true;
        QTest::newRow("index") << "^nsei.ns"
                               << "^NSEI.NS" << true;
        QTest::newRow("space inside") << "A B"
                                      << "A B.NS" << false;
        QTest::newRow("slash") << "A/B"
                               << "A/B.NS" << false;
        QTest::newRow("blank") << "  "
                               << "" << false;
    }

    void normalizeTicker()
    {
        QFETCH(QString, raw);
        QFETCH(QString, ticker);
        QFETCH(bool, valid);
        QCOMPARE(thetool::server::normalizeTicker(raw), ticker);
        QCOMPARE(thetool::server::isValidTicker(ticker), valid);
    }

    // The help files compiled in say what the code does: the same weights, risk and names.
    void strategyHelpMatchesStrategies_data()
    {
        QTest::addColumn<int>("id");
        for (const auto &s : thetool::analysis::strategies())
            QTest::newRow(s.name.c_str()) << s.id;
    }

    void strategyHelpMatchesStrategies()
    {
        QFETCH(int, id);
        const thetool::analysis::Strategy *strategy = thetool::analysis::findStrategy(id);
        QVERIFY(strategy);
        QFile file(QStringLiteral(":/resources/strategies/strategy_%1.md").arg(id));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString help = QString::fromUtf8(file.readAll());
        QVERIFY(help.startsWith(QStringLiteral("# Strategy %1: ").arg(id)));
        QVERIFY(help.contains(QString::fromStdString(strategy->description)));
        int rows = 0;
        static const QRegularExpression weightRow(
            QStringLiteral("^\\| (\\w+) \\| (\\w+) \\| ([0-9.]+) \\|$"), QRegularExpression::MultilineOption);
        for (auto it = weightRow.globalMatch(help); it.hasNext();) {
            const auto m = it.next();
            const double expected =
                thetool::analysis::weightOf(strategy->indicatorWeights, m.captured(1).toStdString(), -1);
            QVERIFY2(qFuzzyCompare(m.captured(3).toDouble(), expected), qPrintable(m.captured(0)));
            ++rows;
        }
        QCOMPARE(rows, 12);
        for (const auto &[category, weight] : strategy->categoryWeights)
            QVERIFY2(help.contains(QStringLiteral("| %1 | %2 |")
                                       .arg(QString::fromStdString(category))
                                       .arg(QString::number(
                                           weight, 'f', weight * 10 == std::floor(weight * 10) ? 1 : 2))),
                category.c_str());
        QVERIFY(help.contains(
            QStringLiteral("- Stop loss: %1 % below entry").arg(strategy->stopLossPct(), 0, 'f', 1)));
    }

    void markdownHtml()
    {
        const QString html = thetool::report::markdownToHtml(
            QStringLiteral("# Strategy 1\n\nSome **bold** and `code` <script>.\n\n| a | b |\n|---|---|\n| 1 "
                           "| 2 |\n\n- one\n- two\n"));
        QVERIFY2(html.contains(QLatin1String("<h1>Strategy 1</h1>")), qPrintable(html));
        QVERIFY2(html.contains(QLatin1String("<strong>bold</strong>")), qPrintable(html));
        QVERIFY2(html.contains(QLatin1String("<code>code</code>")), qPrintable(html));
        QVERIFY2(html.contains(QLatin1String("&lt;script&gt;")), qPrintable(html));
        QVERIFY2(html.contains(QLatin1String("<th>a</th><th>b</th>")), qPrintable(html));
        QVERIFY2(html.contains(QLatin1String("<td>1</td><td>2</td>")), qPrintable(html));
        QVERIFY2(html.contains(QLatin1String("<ul>\n<li>one</li>\n<li>two</li>\n</ul>")), qPrintable(html));
        QVERIFY(!html.contains(QLatin1String("<script>")));
    }
};

QTEST_GUILESS_MAIN(TestOrigApiUnit)
#include "tst_origapi_unit.moc"
