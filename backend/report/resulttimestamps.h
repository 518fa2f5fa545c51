#pragma once

#include <QJsonValue>
#include <QString>

namespace thetool::report {

// The original's timestamp texts for the result routes (spec §0.2), from the repository's
// ISO 8601 UTC text. An empty or unreadable input gives a null QString (JSON null).

// Python's str(datetime): "2025-11-29 21:13:00.123000" ("2025-11-29 21:13:00" on a whole
// second). Used by GET /api/analysis/history/{ticker}.
QString pythonDateTimeText(const QString &isoUtc);

// Flask's RFC 1123 form: "Sat, 29 Nov 2025 21:13:00 GMT". Used by GET /api/analysis/report/{ticker}.
QString httpDateText(const QString &isoUtc);
// The same as a JSON value: null when there is no time.
QJsonValue httpDateValue(const QString &isoUtc);

} // namespace thetool::report
