#pragma once

#include <QDate>
#include <QDateTime>

namespace thetool::market {

// The NSE trading-day calendar in IST (UTC+05:30, no daylight saving): sessions run on
// weekdays and close at 15:30. Exchange holidays are not listed (no bundled holiday table),
// so a holiday looks like a session whose bar never arrives; PriceStore copes with that by
// also looking at when it last fetched.
class TradingCalendar
{
public:
    static bool isTradingDay(const QDate &date);
    // The latest trading day on or before `date`.
    static QDate tradingDayOnOrBefore(QDate date);
    // The latest session whose daily bar should exist at `utcNow`: today's once the market
    // has closed (plus a margin for the provider), else the previous trading day.
    static QDate latestClosedSession(const QDateTime &utcNow);
    // When `session`'s bar becomes available (its close plus the margin), in UTC.
    static QDateTime sessionAvailableAt(const QDate &session);
    // The IST calendar date at `utcNow`.
    static QDate istDate(const QDateTime &utcNow);
};

} // namespace thetool::market
