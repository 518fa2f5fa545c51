#pragma once

#include <QByteArray>
#include <QString>

#include "backend/report/reportsheet.h"

namespace thetool::report {

// The report grid as an XLSX workbook, one sheet "Analysis Report" laid out as the original
// (spec §2.2): the title bold 16 pt merged over A1:D1, the indicator header bold on grey.
//
// Debian's libxlsxwriter (1.1.4) writes only to a file, so the workbook is written to a
// temporary file in a private (0700) temporary directory under the system temp path, read
// back and removed before this returns; the file name never comes from the data.
class ReportWorkbook
{
public:
    // The .xlsx bytes, or an empty array with `error` set.
    static QByteArray write(const ReportSheet &sheet, QString *error);
};

} // namespace thetool::report
