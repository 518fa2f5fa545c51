#pragma once

#include <QList>
#include <QString>

#include "backend/repo/resultrepository.h"

namespace thetool::report {

// One cell of the downloadable report: text, a number, or nothing.
struct ReportCell {
    enum class Kind { Empty, Text, Number };
    Kind kind = Kind::Empty;
    QString text; // already escaped (see escapeSpreadsheetText)
    double number = 0;

    static ReportCell empty() { return {}; }
    static ReportCell ofText(const QString &text);
    static ReportCell ofNumber(double value); // NaN → empty
};

// The report of GET /api/analysis/report/{ticker}/download as a grid, the same for XLSX and
// CSV (spec §2.2): row 0 the title, rows 2–4 Ticker/Verdict/Score, rows 6–8
// Entry/Stop Loss/Target, row 10 the indicator header, one indicator per row from row 11.
struct ReportSheet {
    static constexpr int titleRow = 0;
    static constexpr int headerRow = 10;
    static constexpr int columnCount = 4;

    QList<QList<ReportCell>> rows;

    static ReportSheet fromResult(const repo::ResultRow &row);
};

// Text that a spreadsheet would read as a formula (it begins with =, +, -, @, or a tab or
// carriage return, which some programs strip first) gets a leading apostrophe, so it shows
// as text. Numbers are never passed through here: they are written as numbers.
QString escapeSpreadsheetText(const QString &text);

} // namespace thetool::report
