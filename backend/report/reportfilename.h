#pragma once

#include <QDateTime>
#include <QString>

namespace thetool::report {

// The attachment name of a downloaded report: "<ticker>_analysis_<YYYY-MM-DDTHH-MM-SS>.<ext>"
// with the time in IST, as the original named it (spec §2.2). The ticker part keeps only
// letters, digits, '.', '_', '-' and '&' (M&M.NS); anything else, a leading '.' or '-', and
// any ".." become '_', and it is cut to 40 characters, so no ticker can make a path, a
// hidden file, a quote in the header or a formula.
QString reportFileName(const QString &ticker, const QString &extension, const QDateTime &nowUtc);

} // namespace thetool::report
