#include "backend/report/reportworkbook.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTemporaryFile>

#include <xlsxwriter.h>

#include <memory>

namespace thetool::report {

namespace {

// Excel's limit for one cell's text; libxlsxwriter refuses longer strings.
constexpr qsizetype maxCellText = 32767;

struct WorkbookCloser {
    void operator()(lxw_workbook *workbook) const { workbook_close(workbook); }
};

QString lxwText(lxw_error code)
{
    return QString::fromUtf8(lxw_strerror(code));
}

lxw_error writeCell(lxw_worksheet *sheet, int row, int column, const ReportCell &cell, lxw_format *format)
{
    const auto r = static_cast<lxw_row_t>(row);
    const auto c = static_cast<lxw_col_t>(column);
    switch (cell.kind) {
    case ReportCell::Kind::Empty:
        return format ? worksheet_write_blank(sheet, r, c, format) : LXW_NO_ERROR;
    case ReportCell::Kind::Number:
        return worksheet_write_number(sheet, r, c, cell.number, format);
    case ReportCell::Kind::Text:
        break;
    }
    // write_string stores text, never a formula, whatever it begins with.
    const QByteArray utf8 = cell.text.left(maxCellText).toUtf8();
    return worksheet_write_string(sheet, r, c, utf8.constData(), format);
}

// Fills an open workbook; the caller closes it (which writes the file).
QString fill(lxw_workbook *workbook, const ReportSheet &sheet)
{
    lxw_worksheet *worksheet = workbook_add_worksheet(workbook, "Analysis Report");
    lxw_format *title = workbook_add_format(workbook);
    lxw_format *header = workbook_add_format(workbook);
    if (!worksheet || !title || !header)
        return QStringLiteral("cannot create the worksheet");
    format_set_bold(title);
    format_set_font_size(title, 16);
    format_set_bold(header);
    format_set_pattern(header, LXW_PATTERN_SOLID);
    format_set_bg_color(header, 0xCCCCCC);
    worksheet_set_column(worksheet, 0, 0, 24, nullptr);
    worksheet_set_column(worksheet, 1, ReportSheet::columnCount - 1, 14, nullptr);

    for (int r = 0; r < sheet.rows.size(); ++r) {
        const QList<ReportCell> &cells = sheet.rows.at(r);
        if (r == ReportSheet::titleRow && !cells.isEmpty()) {
            const QByteArray text = cells.first().text.toUtf8();
            if (lxw_error e = worksheet_merge_range(
                    worksheet, 0, 0, 0, ReportSheet::columnCount - 1, text.constData(), title))
                return lxwText(e);
            continue;
        }
        lxw_format *format = r == ReportSheet::headerRow ? header : nullptr;
        for (int c = 0; c < cells.size(); ++c) {
            if (lxw_error e = writeCell(worksheet, r, c, cells.at(c), format))
                return lxwText(e);
        }
    }
    return {};
}

} // namespace

QByteArray ReportWorkbook::write(const ReportSheet &sheet, QString *error)
{
    // QTemporaryDir is created 0700: nobody else can read the report or swap the file.
    QTemporaryDir dir;
    if (!dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: ") + dir.errorString();
        return {};
    }
    QTemporaryFile file(dir.filePath(QStringLiteral("report-XXXXXX.xlsx")));
    if (!file.open()) {
        *error = QStringLiteral("cannot create a temporary file: ") + file.errorString();
        return {};
    }
    file.close(); // libxlsxwriter opens it by name; the QTemporaryFile still removes it
    const QByteArray path = QFile::encodeName(file.fileName());
    QByteArray tmpdir = QFile::encodeName(dir.path());
    lxw_workbook_options options {};
    options.tmpdir = tmpdir.data(); // its own scratch files go to the private directory too

    std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new_opt(path.constData(), &options));
    if (!workbook) {
        *error = QStringLiteral("cannot create the workbook");
        return {};
    }
    const QString problem = fill(workbook.get(), sheet);
    const lxw_error closed = workbook_close(workbook.release());
    if (!problem.isEmpty() || closed != LXW_NO_ERROR) {
        *error = problem.isEmpty() ? lxwText(closed) : problem;
        return {};
    }
    QFile written(file.fileName());
    if (!written.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the workbook back: ") + written.errorString();
        return {};
    }
    const QByteArray bytes = written.readAll();
    if (bytes.isEmpty())
        *error = QStringLiteral("the workbook is empty");
    return bytes;
}

} // namespace thetool::report
