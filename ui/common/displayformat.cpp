#include "ui/common/displayformat.h"

#include <QLocale>

#include <cmath>

namespace thetool::ui::display {

QString missing()
{
    return QStringLiteral("\u2014");
}

QString duration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return missing();
    if (seconds == 0.0)
        return QStringLiteral("0 s"); // whole-second values (uptime) start here
    if (seconds < 1.0)
        return QStringLiteral("%1 ms").arg(qRound(seconds * 1000));
    const qint64 s = qRound64(seconds);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 m %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return QStringLiteral("%1 h %2 m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString age(double seconds)
{
    const QString d = duration(seconds);
    return d == missing() ? d : QObject::tr("%1 ago").arg(d);
}

QString percent(double fraction)
{
    if (!std::isfinite(fraction))
        return missing();
    return QStringLiteral("%1 %").arg(fraction * 100.0, 0, 'f', 1);
}

QString number(const QJsonValue &value)
{
    if (!value.isDouble())
        return missing();
    const double v = value.toDouble();
    return v == std::floor(v) ? QLocale::c().toString(static_cast<qint64>(v)) : QString::number(v, 'f', 2);
}

QString timestamp(const QDateTime &utc)
{
    return utc.isValid() ? utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : missing();
}

QDateTime parseTime(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::RFC2822Date);
    return t.toUTC();
}

} // namespace thetool::ui::display
