#include "backend/report/reportfilename.h"

#include <QTimeZone>

namespace thetool::report {

namespace {

constexpr int maxTickerLength = 40;
constexpr int istOffsetSeconds = 5 * 3600 + 30 * 60; // India keeps no daylight saving time

QString safeTicker(const QString &ticker)
{
    QString safe;
    for (const QChar c : ticker.left(maxTickerLength)) {
        const bool allowed = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.')
            || c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char('&');
        safe += allowed ? c : QLatin1Char('_');
    }
    while (safe.contains(QLatin1String("..")))
        safe.replace(QLatin1String(".."), QLatin1String("__"));
    if (safe.startsWith(QLatin1Char('.')) || safe.startsWith(QLatin1Char('-')))
        safe[0] = QLatin1Char('_');
    return safe.isEmpty() ? QStringLiteral("report") : safe;
}

} // namespace

QString reportFileName(const QString &ticker, const QString &extension, const QDateTime &nowUtc)
{
    const QDateTime ist = nowUtc.toTimeZone(QTimeZone(istOffsetSeconds));
    return safeTicker(ticker) + QStringLiteral("_analysis_")
        + ist.toString(QStringLiteral("yyyy-MM-dd'T'HH-mm-ss")) + QLatin1Char('.') + extension;
}

} // namespace thetool::report
