#include "backend/report/resulttimestamps.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

namespace thetool::report {

namespace {

QDateTime parseUtc(const QString &isoUtc)
{
    if (isoUtc.isEmpty())
        return {};
    QDateTime at = QDateTime::fromString(isoUtc, Qt::ISODateWithMs);
    if (!at.isValid())
        return {};
    // Text without an offset is UTC (how the database layer writes it).
    if (at.timeSpec() == Qt::LocalTime)
        at.setTimeZone(QTimeZone::utc());
    return at.toUTC();
}

} // namespace

QString pythonDateTimeText(const QString &isoUtc)
{
    const QDateTime at = parseUtc(isoUtc);
    if (!at.isValid())
        return {};
    const QString whole = at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const int ms = at.time().msec();
    // Python prints microseconds only when there are any; we keep milliseconds.
    return ms == 0 ? whole
                   : whole + QLatin1Char('.') + QString::number(ms).rightJustified(3, QLatin1Char('0'))
            + QStringLiteral("000");
}

QString httpDateText(const QString &isoUtc)
{
    const QDateTime at = parseUtc(isoUtc);
    if (!at.isValid())
        return {};
    // The C locale: English day and month names whatever the server's locale is.
    return QLocale::c().toString(at, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
}

QJsonValue httpDateValue(const QString &isoUtc)
{
    const QString text = httpDateText(isoUtc);
    return text.isNull() ? QJsonValue() : QJsonValue(text);
}

} // namespace thetool::report
