// Stored results through a real `thetool serve`, on SQLite and on PostgreSQL (every test has
// a row per database): history, report, and the XLSX/CSV download read back cell by cell.
// Rows are seeded through the repository into the server's own database while it runs.
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

#include "backend/db/database.h"
#include "backend/repo/resultrepository.h"
#include "backend/repo/sqlsupport.h"
#include "tests/api/serverprocess.h"
#include "tests/api/spreadsheetreader.h"
#include "tests/support/testenv.h"

using thetool::repo::ResultRow;
using thetool::test::RawClient;
using thetool::test::readCsv;
using thetool::test::readXlsx;
using thetool::test::ServerProcess;
using thetool::test::Sheet;

namespace {

const QByteArray xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// No slash: a decoded %2F separates path segments, so a ticker with one never reaches a route
// (the "../../x" case below; tests/unit/tst_reportexport.cpp writes such tickers in-process).
const QString hyperlinkTicker = QStringLiteral("=HYPERLINK(\"evil.example?a=1\",\"click\")");

QJsonObject jsonOf(const RawClient::Response &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QByteArray encoded(const QString &ticker)
{
    return QUrl::toPercentEncoding(ticker);
}

QJsonArray indicators(const QString &firstName)
{
    return {QJsonObject {{QStringLiteral("name"), firstName}, {QStringLiteral("value"), 61.2},
                {QStringLiteral("vote"), 1}, {QStringLiteral("confidence"), 0.75},
                {QStringLiteral("category"), QStringLiteral("momentum")}},
        QJsonObject {{QStringLiteral("name"), QStringLiteral("MACD")}, {QStringLiteral("value"), -0.5},
            {QStringLiteral("vote"), -1}, {QStringLiteral("confidence"), 0.5},
            {QStringLiteral("category"), QStringLiteral("trend")}},
        QJsonObject {{QStringLiteral("name"), QStringLiteral("OBV")}, {QStringLiteral("value"), 0},
            {QStringLiteral("vote"), 0}, {QStringLiteral("confidence"), 0.25},
            {QStringLiteral("category"), QStringLiteral("volume")}}};
}

// A server on this row's database (SQLite in its data folder, or a PostgreSQL database of
// its own), its temporary files in a folder of the test's, and a connection for seeding.
struct Fixture {
    std::unique_ptr<thetool::test::PgTestDatabase> pg;
    QTemporaryDir serverTmp;
    ServerProcess server;
    std::unique_ptr<thetool::db::Database> database;

    explicit Fixture(const QString &name)
    {
        if (QByteArray(QTest::currentDataTag()) == "pg") {
            pg = std::make_unique<thetool::test::PgTestDatabase>(QStringLiteral("reports_") + name);
            server.setEnv(QStringLiteral("DATABASE_URL"), pg->url().toString());
        }
        server.setEnv(QStringLiteral("TMPDIR"), serverTmp.path());
    }
    ~Fixture()
    {
        if (database)
            database->releaseThreadConnection();
    }

    // Starts the server (which migrates) and opens the seeding connection.
    QString start()
    {
        if (pg && !pg->isValid())
            return pg->error();
        if (!server.start())
            return server.error();
        thetool::db::DatabaseOptions options;
        if (pg)
            options.url = pg->url().toString();
        else
            options.dataPath = server.dataPath();
        thetool::db::DbError error;
        database = thetool::db::Database::create(options, &error);
        return database ? QString() : error.message;
    }

    // Inserts a completed result created at `createdAt` (ISO 8601 UTC); returns its id.
    qint64 seed(const QString &ticker, double score, const QString &createdAt, const QString &rawData = {},
        const QString &config = QStringLiteral("{\"capital\":100000}"))
    {
        ResultRow row;
        row.ticker = ticker;
        row.symbol = ticker.section(QLatin1Char('.'), 0, 0);
        row.score = score;
        row.verdict = QStringLiteral("Buy");
        row.entry = 100 + score;
        row.stopLoss = 95 + score;
        row.target = 110 + score;
        row.positionSize = 10;
        row.riskRewardRatio = 2;
        row.analysisConfig = config;
        row.rawData = rawData.isNull() ? QString::fromUtf8(
                          QJsonDocument(indicators(QStringLiteral("RSI"))).toJson(QJsonDocument::Compact))
                                       : rawData;
        row.status = QStringLiteral("completed");
        row.strategyId = 2;
        if (thetool::db::DbError e = thetool::repo::ResultRepository(*database).insert(&row)) {
            qWarning() << "seed insert:" << e.message;
            return 0;
        }
        if (!exec(QStringLiteral("UPDATE analysis_results SET created_at = ? WHERE id = ?"),
                {createdAt, row.id}))
            return 0;
        return row.id;
    }

    bool exec(const QString &sql, const QVariantList &binds)
    {
        const thetool::db::DbError e = thetool::repo::runBound(*database, sql, binds);
        if (e)
            qWarning() << sql << e.message;
        return !e;
    }

    std::optional<RawClient::Response> get(const QByteArray &target)
    {
        return server.get(target, server.authHeader());
    }
};

void addDialectRows()
{
    QTest::addColumn<bool>("unused");
    QTest::newRow("sqlite") << true;
    QTest::newRow("pg") << true;
}

QString number(const QJsonValue &value)
{
    return QString::number(value.toDouble(), 'g', 17);
}

QString number(const QString &text)
{
    return QString::number(text.toDouble(), 'g', 17);
}

// The attachment's file name, checked to be a plain name of safe characters.
QString attachmentName(const RawClient::Response &response)
{
    static const QRegularExpression form(
        QStringLiteral("^attachment; filename=\"([A-Za-z0-9_&][A-Za-z0-9._&-]*)\"$"));
    const QRegularExpressionMatch m = form.match(QString::fromLatin1(response.header("Content-Disposition")));
    if (!m.hasMatch() || m.captured(1).contains(QLatin1String("..")))
        return {};
    return m.captured(1);
}

} // namespace

class TestReports : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void historyIsNewestFirstCaseInsensitive_data() { addDialectRows(); }
    void historyIsNewestFirstCaseInsensitive()
    {
        Fixture f(QStringLiteral("history"));
        const QString started = f.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));

        // 55 rows inserted newest first (so ids run against time); odd minutes carry milliseconds.
        for (int minute = 54; minute >= 0; --minute)
            QVERIFY(f.seed(QStringLiteral("TCS.NS"), minute,
                QStringLiteral("2026-01-01T00:%1:00.%2Z")
                    .arg(minute, 2, 10, QLatin1Char('0'))
                    .arg(minute % 2 ? QStringLiteral("123") : QStringLiteral("000"))));
        // A row stored in lower case by another tool is the same ticker, and the newest.
        QVERIFY(f.seed(QStringLiteral("tcs.ns"), 55, QStringLiteral("2026-01-01T00:55:00.000Z")));
        QVERIFY(f.seed(QStringLiteral("INFY.NS"), 99, QStringLiteral("2026-01-02T00:00:00.000Z")));

        const auto answer = f.get("/api/analysis/history/Tcs.Ns");
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        const QJsonObject body = jsonOf(*answer);
        QCOMPARE(body.value(QStringLiteral("ticker")).toString(), QStringLiteral("Tcs.Ns"));
        const QJsonArray history = body.value(QStringLiteral("history")).toArray();
        QCOMPARE(history.size(), 50);
        static const QRegularExpression pythonTime(
            QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?$"));
        for (int i = 0; i < history.size(); ++i) {
            const QJsonObject entry = history.at(i).toObject();
            QCOMPARE(entry.value(QStringLiteral("score")).toDouble(), 55.0 - i); // newest first
            QCOMPARE(entry.value(QStringLiteral("ticker")).toString().toUpper(), QStringLiteral("TCS.NS"));
            QVERIFY(pythonTime.match(entry.value(QStringLiteral("created_at")).toString()).hasMatch());
        }
        const QJsonObject newest = history.first().toObject();
        QCOMPARE(newest.value(QStringLiteral("ticker")).toString(), QStringLiteral("tcs.ns"));
        QCOMPARE(
            newest.value(QStringLiteral("created_at")).toString(), QStringLiteral("2026-01-01 00:55:00"));
        QCOMPARE(history.at(2).toObject().value(QStringLiteral("created_at")).toString(),
            QStringLiteral("2026-01-01 00:53:00.123000"));
        QCOMPARE(history.last().toObject().value(QStringLiteral("score")).toDouble(), 6.0);
        QStringList keys = newest.keys();
        keys.sort();
        QCOMPARE(keys,
            QStringList({QStringLiteral("analysis_config"), QStringLiteral("created_at"),
                QStringLiteral("entry"), QStringLiteral("id"), QStringLiteral("indicators"),
                QStringLiteral("position_size"), QStringLiteral("risk_reward_ratio"), QStringLiteral("score"),
                QStringLiteral("stop_loss"), QStringLiteral("strategy_id"), QStringLiteral("symbol"),
                QStringLiteral("target"), QStringLiteral("ticker"), QStringLiteral("verdict")}));
        QCOMPARE(newest.value(QStringLiteral("indicators")).toArray(), indicators(QStringLiteral("RSI")));
        QCOMPARE(newest.value(QStringLiteral("analysis_config")).toObject().value(QStringLiteral("capital")),
            QJsonValue(100000));
        QCOMPARE(newest.value(QStringLiteral("strategy_id")).toInt(), 2);

        // Lower-case request, the other ticker untouched; an unknown ticker has no history.
        const auto infy = f.get("/api/analysis/history/infy.ns");
        QCOMPARE(jsonOf(*infy).value(QStringLiteral("history")).toArray().size(), 1);
        const auto none = f.get("/api/analysis/history/NOPE.NS");
        QCOMPARE(none->status, 200);
        QCOMPARE(jsonOf(*none).value(QStringLiteral("history")).toArray().size(), 0);
        const auto blank = f.get("/api/analysis/history/%20%20");
        QCOMPARE(blank->status, 400);
        QCOMPARE(jsonOf(*blank).value(QStringLiteral("error")).toObject().value(QStringLiteral("code")),
            QStringLiteral("INVALID_TICKER"));
        QVERIFY(f.server.terminate());
    }

    void storedNullsAndBadJsonReadAsTheOriginal_data() { addDialectRows(); }
    void storedNullsAndBadJsonReadAsTheOriginal()
    {
        Fixture f(QStringLiteral("nulls"));
        const QString started = f.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        const qint64 id = f.seed(QStringLiteral("SBIN.NS"), 0.5, QStringLiteral("2026-03-04T05:06:07.000Z"),
            QStringLiteral("[not json"), QStringLiteral("{oops"));
        QVERIFY(id);
        QVERIFY(f.exec(QStringLiteral("UPDATE analysis_results SET strategy_id = NULL, position_size = NULL, "
                                      "risk_reward_ratio = NULL, stop_loss = NULL WHERE id = ?"),
            {id}));
        for (const QByteArray &target :
            {QByteArray("/api/analysis/history/sbin.ns"), QByteArray("/api/analysis/report/sbin.ns")}) {
            const auto answer = f.get(target);
            QCOMPARE(answer->status, 200);
            const QJsonObject body = jsonOf(*answer);
            const QJsonObject entry = target.contains("history")
                ? body.value(QStringLiteral("history")).toArray().first().toObject()
                : body.value(QStringLiteral("analysis")).toObject();
            QCOMPARE(entry.value(QStringLiteral("strategy_id")).toInt(), 5); // the original's quirk
            QCOMPARE(entry.value(QStringLiteral("position_size")), QJsonValue(0));
            QCOMPARE(entry.value(QStringLiteral("risk_reward_ratio")), QJsonValue(0));
            QVERIFY(entry.value(QStringLiteral("stop_loss")).isNull());
            const QJsonObject holder = target.contains("history") ? entry : body;
            QCOMPARE(holder.value(QStringLiteral("indicators")).toArray(), QJsonArray());
            QVERIFY(holder.contains(QStringLiteral("analysis_config")));
            QVERIFY(holder.value(QStringLiteral("analysis_config")).isNull());
        }
        QVERIFY(f.server.terminate());
    }

    void reportOfNewestRowAndUnknownIs404_data() { addDialectRows(); }
    void reportOfNewestRowAndUnknownIs404()
    {
        Fixture f(QStringLiteral("report"));
        const QString started = f.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QVERIFY(f.seed(QStringLiteral("RELIANCE.NS"), 0.1, QStringLiteral("2026-01-01T10:00:00.000Z")));
        QVERIFY(f.seed(QStringLiteral("RELIANCE.NS"), 0.7, QStringLiteral("2026-01-02T09:15:30.250Z")));

        const auto answer = f.get("/api/analysis/report/reliance.NS");
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        const QJsonObject body = jsonOf(*answer);
        QCOMPARE(body.value(QStringLiteral("ticker")).toString(), QStringLiteral("reliance.NS"));
        QCOMPARE(body.value(QStringLiteral("created_at")).toString(),
            QStringLiteral("Fri, 02 Jan 2026 09:15:30 GMT"));
        const QJsonObject analysis = body.value(QStringLiteral("analysis")).toObject();
        QCOMPARE(analysis.value(QStringLiteral("score")).toDouble(), 0.7);
        QCOMPARE(analysis.value(QStringLiteral("entry")).toDouble(), 100.7);
        QCOMPARE(analysis.value(QStringLiteral("stop_loss")).toDouble(), 95.7);
        QCOMPARE(analysis.value(QStringLiteral("target")).toDouble(), 110.7);
        QCOMPARE(analysis.value(QStringLiteral("verdict")).toString(), QStringLiteral("Buy"));
        QCOMPARE(analysis.value(QStringLiteral("strategy_id")).toInt(), 2);
        QCOMPARE(body.value(QStringLiteral("indicators")).toArray(), indicators(QStringLiteral("RSI")));

        for (const QByteArray &target :
            {QByteArray("/api/analysis/report/NOPE.NS"), QByteArray("/api/analysis/report/NOPE.NS/download"),
                QByteArray("/api/analysis/report/NOPE.NS/download?format=csv")}) {
            const auto missing = f.get(target);
            QVERIFY(missing);
            QCOMPARE(missing->status, 404);
            QVERIFY(missing->header("Content-Type").startsWith("application/json"));
            const QJsonObject error = jsonOf(*missing).value(QStringLiteral("error")).toObject();
            QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("REPORT_NOT_FOUND"));
            QCOMPARE(error.value(QStringLiteral("message")).toString(),
                QStringLiteral("No analysis found for NOPE.NS"));
            QVERIFY(!error.value(QStringLiteral("timestamp")).toString().isEmpty());
        }
        const auto badFormat = f.get("/api/analysis/report/RELIANCE.NS/download?format=pdf");
        QCOMPARE(badFormat->status, 400);
        QCOMPARE(f.server.get("/api/analysis/report/RELIANCE.NS")->status, 401); // read scope needed
        QVERIFY(f.server.terminate());
    }

    void downloadsHoldTheReport_data() { addDialectRows(); }
    void downloadsHoldTheReport()
    {
        Fixture f(QStringLiteral("download"));
        const QString started = f.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QVERIFY(f.seed(QStringLiteral("M&M.NS"), 0.2, QStringLiteral("2026-01-01T10:00:00.000Z")));
        QVERIFY(f.seed(QStringLiteral("M&M.NS"), 0.415, QStringLiteral("2026-02-01T10:00:00.000Z")));
        const QJsonObject report = jsonOf(*f.get("/api/analysis/report/M%26M.NS"));
        const QJsonObject analysis = report.value(QStringLiteral("analysis")).toObject();
        const QJsonArray reported = report.value(QStringLiteral("indicators")).toArray();
        QCOMPARE(reported.size(), 3);

        const auto xlsx = f.get("/api/analysis/report/m%26m.ns/download");
        QVERIFY(xlsx);
        QCOMPARE(xlsx->status, 200);
        QCOMPARE(xlsx->header("Content-Type"), xlsxType);
        static const QRegularExpression name(
            QStringLiteral("^M&M\\.NS_analysis_\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.xlsx$"));
        QVERIFY2(
            name.match(attachmentName(*xlsx)).hasMatch(), xlsx->header("Content-Disposition").constData());
        QVERIFY(xlsx->body.startsWith("PK"));
        const Sheet sheet = readXlsx(xlsx->body);
        QVERIFY(sheet.ok);
        QCOMPARE(sheet.formulas, 0);
        QCOMPARE(sheet.at("A1"), QStringLiteral("Trading Signal Analysis Report"));
        QCOMPARE(sheet.at("A3"), QStringLiteral("Ticker"));
        QCOMPARE(sheet.at("B3"), QStringLiteral("M&M.NS"));
        QCOMPARE(sheet.at("B4"), analysis.value(QStringLiteral("verdict")).toString());
        QCOMPARE(number(sheet.at("B5")), number(analysis.value(QStringLiteral("score"))));
        QCOMPARE(sheet.at("A7"), QStringLiteral("Entry"));
        QCOMPARE(number(sheet.at("B7")), number(analysis.value(QStringLiteral("entry"))));
        QCOMPARE(number(sheet.at("B8")), number(analysis.value(QStringLiteral("stop_loss"))));
        QCOMPARE(number(sheet.at("B9")), number(analysis.value(QStringLiteral("target"))));
        QCOMPARE(sheet.at("A11") + sheet.at("B11") + sheet.at("C11") + sheet.at("D11"),
            QStringLiteral("IndicatorVoteConfidenceCategory"));
        for (int i = 0; i < reported.size(); ++i) {
            const QJsonObject indicator = reported.at(i).toObject();
            const QByteArray row = QByteArray::number(12 + i);
            QCOMPARE(sheet.at("A" + row), indicator.value(QStringLiteral("name")).toString());
            QCOMPARE(number(sheet.at("B" + row)), number(indicator.value(QStringLiteral("vote"))));
            QCOMPARE(number(sheet.at("C" + row)), number(indicator.value(QStringLiteral("confidence"))));
            QCOMPARE(sheet.at("D" + row), indicator.value(QStringLiteral("category")).toString());
        }

        const auto csv = f.get("/api/analysis/report/M%26M.NS/download?format=csv");
        QVERIFY(csv);
        QCOMPARE(csv->status, 200);
        QVERIFY(csv->header("Content-Type").startsWith("text/csv"));
        QVERIFY(attachmentName(*csv).endsWith(QLatin1String(".csv")));
        const QList<QStringList> rows = readCsv(csv->body);
        QCOMPARE(rows.size(), 11 + reported.size());
        QVERIFY(csv->body.endsWith("\r\n"));
        QCOMPARE(rows.at(0).value(0), QStringLiteral("Trading Signal Analysis Report"));
        QCOMPARE(rows.at(1), QStringList({QString()}));
        QCOMPARE(rows.at(2), QStringList({QStringLiteral("Ticker"), QStringLiteral("M&M.NS")}));
        QCOMPARE(rows.at(3).value(1), analysis.value(QStringLiteral("verdict")).toString());
        QCOMPARE(number(rows.at(4).value(1)), number(analysis.value(QStringLiteral("score"))));
        QCOMPARE(number(rows.at(6).value(1)), number(analysis.value(QStringLiteral("entry"))));
        QCOMPARE(number(rows.at(7).value(1)), number(analysis.value(QStringLiteral("stop_loss"))));
        QCOMPARE(number(rows.at(8).value(1)), number(analysis.value(QStringLiteral("target"))));
        QCOMPARE(rows.at(10),
            QStringList({QStringLiteral("Indicator"), QStringLiteral("Vote"), QStringLiteral("Confidence"),
                QStringLiteral("Category")}));
        for (int i = 0; i < reported.size(); ++i) {
            const QJsonObject indicator = reported.at(i).toObject();
            const QStringList fields = rows.at(11 + i);
            QCOMPARE(fields.value(0), indicator.value(QStringLiteral("name")).toString());
            QCOMPARE(number(fields.value(1)), number(indicator.value(QStringLiteral("vote"))));
            QCOMPARE(number(fields.value(2)), number(indicator.value(QStringLiteral("confidence"))));
            QCOMPARE(fields.value(3), indicator.value(QStringLiteral("category")).toString());
        }
        QVERIFY(f.server.terminate());
        // Every temporary workbook was removed.
        QCOMPARE(QDir(f.serverTmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList());
    }

    void hostileTickersAreHarmless_data() { addDialectRows(); }
    void hostileTickersAreHarmless()
    {
        Fixture f(QStringLiteral("hostile"));
        const QString started = f.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        const QString formulaIndicators = QString::fromUtf8(QJsonDocument(
            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("=1+2")},
                            {QStringLiteral("vote"), -1}, {QStringLiteral("confidence"), 0.5},
                            {QStringLiteral("category"), QStringLiteral("@SUM(A1)")}},
                QJsonObject {{QStringLiteral("name"), QStringLiteral("+cmd|' /C calc'!A0")},
                    {QStringLiteral("vote"), 1}, {QStringLiteral("confidence"), 1},
                    {QStringLiteral("category"),
                        QStringLiteral("-2")}}}).toJson(QJsonDocument::Compact));
        const QStringList tickers {hyperlinkTicker, QStringLiteral("..\\..\\x"), QStringLiteral("@SUM(1+1)"),
            QStringLiteral("-2+3"), QStringLiteral("../../x")};
        for (const QString &ticker : tickers)
            QVERIFY(f.seed(ticker, 0.3, QStringLiteral("2026-01-01T10:00:00.000Z"), formulaIndicators));

        // "../../x" cannot be named in a path: its slashes are separators, so no route matches.
        for (const QByteArray &suffix :
            {QByteArray(""), QByteArray("/download"), QByteArray("/download?format=csv")}) {
            const auto answer = f.get("/api/analysis/report/" + encoded(QStringLiteral("../../x")) + suffix);
            QVERIFY(answer);
            QCOMPARE(answer->status, 404);
            QVERIFY(answer->header("Content-Type").startsWith("application/json"));
        }

        for (const QString &ticker : tickers.first(4)) {
            const QByteArray base = "/api/analysis/report/" + encoded(ticker);
            const auto report = f.get(base);
            QVERIFY(report);
            QVERIFY2(report->status == 200, report->body.constData());
            QCOMPARE(jsonOf(*report).value(QStringLiteral("ticker")).toString(), ticker);

            const auto xlsx = f.get(base + "/download");
            QVERIFY(xlsx);
            QCOMPARE(xlsx->status, 200);
            QVERIFY2(!attachmentName(*xlsx).isEmpty(), xlsx->header("Content-Disposition").constData());
            const Sheet sheet = readXlsx(xlsx->body);
            QVERIFY(sheet.ok);
            QCOMPARE(sheet.formulas, 0);
            const bool risky = QStringLiteral("=+-@").contains(ticker.front());
            QCOMPARE(sheet.at("B3"), risky ? QLatin1Char('\'') + ticker : ticker);
            QCOMPARE(sheet.at("A12"), QStringLiteral("'=1+2"));
            QCOMPARE(sheet.at("D12"), QStringLiteral("'@SUM(A1)"));
            QCOMPARE(sheet.at("A13"), QStringLiteral("'+cmd|' /C calc'!A0"));
            QCOMPARE(sheet.at("D13"), QStringLiteral("'-2"));
            QCOMPARE(sheet.at("B12"), QStringLiteral("-1")); // a number stays a number

            const auto csv = f.get(base + "/download?format=csv");
            QVERIFY(csv);
            QCOMPARE(csv->status, 200);
            QVERIFY2(!attachmentName(*csv).isEmpty(), csv->header("Content-Disposition").constData());
            const QList<QStringList> rows = readCsv(csv->body);
            QCOMPARE(rows.at(2).value(1), risky ? QLatin1Char('\'') + ticker : ticker);
            QCOMPARE(rows.at(11).value(0), QStringLiteral("'=1+2"));
            QCOMPARE(rows.at(11).value(1), QStringLiteral("-1"));
            QCOMPARE(rows.at(11).value(3), QStringLiteral("'@SUM(A1)"));
            QCOMPARE(rows.at(12).value(0), QStringLiteral("'+cmd|' /C calc'!A0"));
            QCOMPARE(rows.at(12).value(3), QStringLiteral("'-2"));
            // No raw line of the CSV begins a field with a formula character.
            for (const QByteArray &line : csv->body.split('\n'))
                for (const QByteArray &field : line.split(','))
                    QVERIFY2(field.isEmpty() || !QByteArray("=+@").contains(field.at(0)), line.constData());
        }
        QVERIFY(f.server.terminate());
        // No report file was left in the data folder (the original wrote
        // DATA_PATH/reports/<ticker>_report.xlsx), and every temporary file is gone.
        QDirIterator files(f.server.dataPath(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            QVERIFY2(!path.endsWith(QLatin1String(".xlsx")) && !path.endsWith(QLatin1String(".csv")),
                qPrintable(path));
        }
        QCOMPARE(QDir(f.serverTmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList());
    }
};

QTEST_GUILESS_MAIN(TestReports)
#include "tst_reports.moc"
