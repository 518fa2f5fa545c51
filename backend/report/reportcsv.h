#pragma once

#include <QByteArray>

#include "backend/report/reportsheet.h"

namespace thetool::report {

// The report grid as CSV (RFC 4180: CRLF lines, fields with a comma, quote or line break
// quoted, quotes doubled), UTF-8. Numbers in their shortest exact form.
QByteArray reportSheetCsv(const ReportSheet &sheet);

} // namespace thetool::report
