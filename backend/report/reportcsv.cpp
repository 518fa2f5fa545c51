#include "backend/report/reportcsv.h"

#include <QLocale>

namespace thetool::report {

namespace {

QByteArray field(const ReportCell &cell)
{
    switch (cell.kind) {
    case ReportCell::Kind::Empty:
        return {};
    case ReportCell::Kind::Number:
        return QByteArray::number(cell.number, 'g', QLocale::FloatingPointShortest);
    case ReportCell::Kind::Text:
        break;
    }
    QByteArray text = cell.text.toUtf8();
    if (text.contains(',') || text.contains('"') || text.contains('\n') || text.contains('\r'))
        text = '"' + text.replace('"', "\"\"") + '"';
    return text;
}

} // namespace

QByteArray reportSheetCsv(const ReportSheet &sheet)
{
    QByteArray csv;
    for (const QList<ReportCell> &row : sheet.rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (i > 0)
                csv += ',';
            csv += field(row.at(i));
        }
        csv += "\r\n";
    }
    return csv;
}

} // namespace thetool::report
