// The pieces of the report download in-process: formula escaping, the attachment name, the
// CSV text, the workbook's temporary file, and the original's timestamp texts. Tickers that
// cannot travel in a URL path (slashes) are checked here; tests/api/tst_reports.cpp covers the
// routes end to end.
#include <QDateTime>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include "backend/report/reportcsv.h"
#include "backend/report/reportfilename.h"
#include "backend/report/reportsheet.h"
#include "backend/report/reportworkbook.h"
#include "backend/report/resulttimestamps.h"

using namespace thetool::report;

namespace {

const QDateTime tenUtc = QDateTime::fromString(QStringLiteral("2026-01-01T10:00:00Z"), Qt::ISODate);

thetool::repo::ResultRow rowFor(const QString &ticker)
{
    thetool::repo::ResultRow row;
    row.ticker = ticker;
    row.verdict = QStringLiteral("-Sell");
    row.score = -0.25;
    row.entry = 10;
    row.rawData =
        QStringLiteral("[{\"name\":\"=SUM(A1)\",\"vote\":-1,\"confidence\":0.5,\"category\":\"trend\"}]");
    return row;
}

QStringList entries(const QString &path)
{
    return QDir(path).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

} // namespace

class TestReportExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formulaTextIsEscaped_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        for (const char *risky :
            {"=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://e/\",\"x\")"})
            QTest::newRow(risky) << QString::fromLatin1(risky)
                                 << QLatin1Char('\'') + QString::fromLatin1(risky);
        for (const char *plain : {"TCS.NS", "", "a=b", "'quoted", "M&M.NS"})
            QTest::newRow(plain) << QString::fromLatin1(plain) << QString::fromLatin1(plain);
    }
    void formulaTextIsEscaped()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(escapeSpreadsheetText(text), expected);
    }

    void fileNamesAreSafe_data()
    {
        QTest::addColumn<QString>("ticker");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("TCS.NS")
                               << QStringLiteral("TCS.NS_analysis_2026-01-01T15-30-00.xlsx");
        QTest::newRow("ampersand") << QStringLiteral("M&M.NS")
                                   << QStringLiteral("M&M.NS_analysis_2026-01-01T15-30-00.xlsx");
        QTest::newRow("slashes") << QStringLiteral("../../x")
                                 << QStringLiteral("______x_analysis_2026-01-01T15-30-00.xlsx");
        QTest::newRow("backslashes") << QStringLiteral("..\\..\\x")
                                     << QStringLiteral("______x_analysis_2026-01-01T15-30-00.xlsx");
        QTest::newRow("formula") << QStringLiteral("=HYPERLINK(\"http://e/\",\"x\")")
                                 << QStringLiteral(
                                        "_HYPERLINK__http___e____x___analysis_2026-01-01T15-30-00.xlsx");
        QTest::newRow("dash") << QStringLiteral("-rf")
                              << QStringLiteral("_rf_analysis_2026-01-01T15-30-00.xlsx");
        QTest::newRow("dotfile") << QStringLiteral(".hidden")
                                 << QStringLiteral("_hidden_analysis_2026-01-01T15-30-00.xlsx");
        QTest::newRow("empty") << QString() << QStringLiteral("report_analysis_2026-01-01T15-30-00.xlsx");
        QTest::newRow("crlf") << QStringLiteral("A\r\nSet-Cookie: x")
                              << QStringLiteral("A__Set-Cookie__x_analysis_2026-01-01T15-30-00.xlsx");
        QTest::newRow("long") << QString(100, QLatin1Char('A'))
                              << QString(40, QLatin1Char('A'))
                + QStringLiteral("_analysis_2026-01-01T15-30-00.xlsx");
    }
    void fileNamesAreSafe()
    {
        QFETCH(QString, ticker);
        QFETCH(QString, expected);
        QCOMPARE(reportFileName(ticker, QStringLiteral("xlsx"), tenUtc), expected); // IST = UTC + 5:30
    }

    void csvEscapesAndQuotes()
    {
        const QByteArray csv =
            reportSheetCsv(ReportSheet::fromResult(rowFor(QStringLiteral("=HYPERLINK(\"a\",\"b\")"))));
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.at(0), QByteArray("Trading Signal Analysis Report\r"));
        QCOMPARE(lines.at(2), QByteArray("Ticker,\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\"\r"));
        QCOMPARE(lines.at(3), QByteArray("Verdict,'-Sell\r"));
        QCOMPARE(lines.at(4), QByteArray("Score,-0.25\r")); // a number, not text: not escaped
        QCOMPARE(lines.at(6), QByteArray("Entry,10\r"));
        QCOMPARE(lines.at(7), QByteArray("Stop Loss,\r")); // NULL stays empty
        QCOMPARE(lines.at(10), QByteArray("Indicator,Vote,Confidence,Category\r"));
        QCOMPARE(lines.at(11), QByteArray("'=SUM(A1),-1,0.5,trend\r"));
        QCOMPARE(reportSheetCsv(ReportSheet::fromResult(rowFor(QStringLiteral("../../x")))).split('\n').at(2),
            QByteArray("Ticker,../../x\r"));
    }

    void workbookLeavesNoFileBehind()
    {
        // The workbook's temporary files go under TMPDIR; the working directory stays untouched.
        QTemporaryDir tmp;
        QTemporaryDir cwd;
        const QByteArray oldTmp = qgetenv("TMPDIR");
        const QString oldCwd = QDir::currentPath();
        qputenv("TMPDIR", QFile::encodeName(tmp.path()));
        QDir::setCurrent(cwd.path());
        QString error;
        const QByteArray xlsx =
            ReportWorkbook::write(ReportSheet::fromResult(rowFor(QStringLiteral("../../x"))), &error);
        QDir::setCurrent(oldCwd);
        qputenv("TMPDIR", oldTmp);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(xlsx.startsWith("PK\x03\x04"));
        QVERIFY(xlsx.contains("xl/worksheets/sheet1.xml"));
        QCOMPARE(entries(tmp.path()), QStringList());
        QCOMPARE(entries(cwd.path()), QStringList());
    }

    void timestampsAsTheOriginal()
    {
        QCOMPARE(pythonDateTimeText(QStringLiteral("2025-11-29T21:13:00.123Z")),
            QStringLiteral("2025-11-29 21:13:00.123000"));
        QCOMPARE(pythonDateTimeText(QStringLiteral("2025-11-29T21:13:00.000Z")),
            QStringLiteral("2025-11-29 21:13:00"));
        QCOMPARE(pythonDateTimeText(QStringLiteral("2025-11-30T02:43:00+05:30")),
            QStringLiteral("2025-11-29 21:13:00"));
        QCOMPARE(httpDateText(QStringLiteral("2025-11-29T21:13:00.999Z")),
            QStringLiteral("Sat, 29 Nov 2025 21:13:00 GMT"));
        QVERIFY(httpDateText(QString()).isNull());
        QVERIFY(pythonDateTimeText(QStringLiteral("yesterday")).isNull());
    }
};

QTEST_GUILESS_MAIN(TestReportExport)
#include "tst_reportexport.moc"
