#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace thetool::test {

// The cells of an .xlsx file's first sheet, by reference ("B3"): shared strings resolved,
// numbers as written. `formulas` counts <f> elements; `ok` is false when the archive fails
// `unzip -t` or its XML does not parse.
struct Sheet {
    QHash<QString, QString> cells;
    int formulas = 0;
    bool ok = false;
    QString at(const QByteArray &ref) const { return cells.value(QString::fromLatin1(ref)); }
};

// Reads xl/worksheets/sheet1.xml and xl/sharedStrings.xml with the system's `unzip`.
Sheet readXlsx(const QByteArray &xlsx);

// RFC 4180 lines into fields (quotes and doubled quotes; no line breaks inside fields).
// Row i is the sheet's row i + 1; a blank line is one empty field.
QList<QStringList> readCsv(const QByteArray &csv);

} // namespace thetool::test
