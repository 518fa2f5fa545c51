#include "backend/market/period.h"

#include <QRegularExpression>

namespace thetool::market {

std::optional<Period> Period::parse(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{1,5})(d|mo|y)$"), QRegularExpression::CaseInsensitiveOption);
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    Period period;
    period.count = match.captured(1).toInt();
    const QString unit = match.captured(2).toLower();
    period.unit = unit == QLatin1String("d") ? Unit::Days
        : unit == QLatin1String("mo")        ? Unit::Months
                                             : Unit::Years;
    const int maxCount = period.unit == Unit::Days ? 36500 : period.unit == Unit::Months ? 1200 : 100;
    if (period.count < 1 || period.count > maxCount)
        return std::nullopt;
    return period;
}

QString Period::toString() const
{
    const char *suffix = unit == Unit::Days ? "d" : unit == Unit::Months ? "mo" : "y";
    return QString::number(count) + QLatin1String(suffix);
}

QDate Period::startFor(const QDate &end) const
{
    switch (unit) {
    case Unit::Days:
        return end.addDays(-count);
    case Unit::Months:
        return end.addMonths(-count);
    case Unit::Years:
        return end.addYears(-count);
    }
    return end;
}

int Period::demoRows() const
{
    switch (unit) {
    case Unit::Days:
        return count;
    case Unit::Months:
        return count * 21;
    case Unit::Years:
        return count * 252;
    }
    return count;
}

} // namespace thetool::market
