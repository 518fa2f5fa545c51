#include "client/api/stockbars.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<StockBars> StockBars::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("bars"));
    StockBars s;
    s.symbol = r.requiredString(QStringLiteral("symbol"));
    s.period = r.string(QStringLiteral("period"));
    s.source = r.string(QStringLiteral("source"));
    s.count = int(r.requiredInteger(QStringLiteral("count")));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("bars"))) {
        JsonReader b(v.toObject(), QStringLiteral("bar"));
        Bar bar;
        bar.date = QDate::fromString(b.requiredString(QStringLiteral("date")), Qt::ISODate);
        bar.open = b.number(QStringLiteral("open"));
        bar.high = b.number(QStringLiteral("high"));
        bar.low = b.number(QStringLiteral("low"));
        bar.close = b.number(QStringLiteral("close"));
        bar.volume = b.number(QStringLiteral("volume"));
        if (!b.ok() || !bar.date.isValid()) {
            r.fail(b.ok() ? QStringLiteral("bar with an unreadable date") : b.error());
            break;
        }
        s.bars.append(bar);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return s;
}

} // namespace thetool::client
