#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace thetool::ui::display {

// How the operations screens write values. A value the server did not send is shown as
// an em dash, never as 0, so "unknown" and "zero" stay apart.
QString missing();
QString duration(double seconds); // "850 ms", "42 s", "3 m 05 s", "2 h 14 m", "3 d 4 h"
QString age(double seconds); // duration + " ago"
QString percent(double fraction); // 0.734 -> "73.4 %"
QString number(const QJsonValue &value); // integers plainly, a missing value as the dash
QString timestamp(const QDateTime &utc); // local time, "yyyy-MM-dd HH:mm:ss"
QDateTime parseTime(const QJsonValue &value); // ISO 8601 or RFC 1123; invalid when absent

} // namespace thetool::ui::display
