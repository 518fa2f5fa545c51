#include "backend/market/tradingcalendar.h"

#include <QTimeZone>

namespace thetool::market {

namespace {

constexpr int kIstOffsetSeconds = 5 * 3600 + 30 * 60;
// Close 15:30 IST plus 30 minutes before the provider reliably has the day's bar.
const QTime kBarAvailable(16, 0);

} // namespace

bool TradingCalendar::isTradingDay(const QDate &date)
{
    return date.isValid() && date.dayOfWeek() <= 5;
}

QDate TradingCalendar::tradingDayOnOrBefore(QDate date)
{
    while (date.isValid() && !isTradingDay(date))
        date = date.addDays(-1);
    return date;
}

QDate TradingCalendar::istDate(const QDateTime &utcNow)
{
    return utcNow.toUTC().addSecs(kIstOffsetSeconds).date();
}

QDateTime TradingCalendar::sessionAvailableAt(const QDate &session)
{
    return QDateTime(session, kBarAvailable, QTimeZone(kIstOffsetSeconds)).toUTC();
}

QDate TradingCalendar::latestClosedSession(const QDateTime &utcNow)
{
    QDate day = tradingDayOnOrBefore(istDate(utcNow));
    if (sessionAvailableAt(day) > utcNow.toUTC())
        day = tradingDayOnOrBefore(day.addDays(-1));
    return day;
}

} // namespace thetool::market
