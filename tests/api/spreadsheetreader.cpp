#include "tests/api/spreadsheetreader.h"

#include <QProcess>
#include <QTemporaryFile>
#include <QXmlStreamReader>

namespace thetool::test {

namespace {

// `unzip OPTIONS <file> MEMBERS` on the bytes: its stdout, or a null array when it fails.
QByteArray unzip(const QByteArray &zip, const QStringList &options, const QStringList &members = {})
{
    QTemporaryFile file;
    if (!file.open())
        return {};
    file.write(zip);
    file.close();
    QProcess process;
    process.start(QStringLiteral("unzip"), QStringList(options) << file.fileName() << members);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0)
        return {};
    const QByteArray out = process.readAllStandardOutput();
    return out.isNull() ? QByteArray("") : out;
}

QByteArray unzipMember(const QByteArray &zip, const QString &member)
{
    return unzip(zip, {QStringLiteral("-p")}, {member});
}

} // namespace

Sheet readXlsx(const QByteArray &xlsx)
{
    Sheet sheet;
    // Every member's CRC checks out (unzip -t), as a spreadsheet program would require.
    if (unzip(xlsx, {QStringLiteral("-tq")}).isNull())
        return sheet;
    const QByteArray sheetXml = unzipMember(xlsx, QStringLiteral("xl/worksheets/sheet1.xml"));
    const QByteArray stringsXml = unzipMember(xlsx, QStringLiteral("xl/sharedStrings.xml"));
    if (sheetXml.isEmpty() || stringsXml.isEmpty())
        return sheet;
    QStringList strings;
    QXmlStreamReader s(stringsXml);
    while (!s.atEnd()) {
        s.readNext();
        if (s.isStartElement() && s.name() == QLatin1String("si"))
            strings.append(QString());
        else if (s.isStartElement() && s.name() == QLatin1String("t") && !strings.isEmpty())
            strings.last() += s.readElementText();
    }
    QXmlStreamReader x(sheetXml);
    QString ref;
    QString type;
    while (!x.atEnd()) {
        x.readNext();
        if (!x.isStartElement())
            continue;
        if (x.name() == QLatin1String("c")) {
            ref = x.attributes().value(QLatin1String("r")).toString();
            type = x.attributes().value(QLatin1String("t")).toString();
        } else if (x.name() == QLatin1String("f")) {
            ++sheet.formulas;
        } else if (x.name() == QLatin1String("v")) {
            const QString v = x.readElementText();
            sheet.cells.insert(ref, type == QLatin1String("s") ? strings.value(v.toInt()) : v);
        }
    }
    sheet.ok = !x.hasError() && !s.hasError();
    return sheet;
}

QList<QStringList> readCsv(const QByteArray &csv)
{
    QList<QStringList> rows;
    QList<QByteArray> lines = csv.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    for (const QByteArray &line : std::as_const(lines)) {
        QStringList fields {QString()};
        bool quoted = false;
        const QString text = QString::fromUtf8(line.endsWith('\r') ? line.chopped(1) : line);
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (quoted && c == QLatin1Char('"') && i + 1 < text.size()
                && text.at(i + 1) == QLatin1Char('"')) {
                fields.last() += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = !quoted;
            } else if (c == QLatin1Char(',') && !quoted) {
                fields.append(QString());
            } else {
                fields.last() += c;
            }
        }
        rows.append(fields);
    }
    return rows;
}

} // namespace thetool::test
