#include "tests/origapi/demochart.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include "backend/market/demodata.h"

namespace thetool::test {

QByteArray demoChartJson(const QString &symbol, int tradingDays)
{
    market::Period period;
    period.count = tradingDays;
    const analysis::Bars bars = market::generateDemoBars(symbol, period, QDateTime::currentDateTimeUtc());
    QJsonArray timestamps, open, high, low, close, volume;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const QDate date = QDate::fromString(QString::fromStdString(bars.dates[i]), Qt::ISODate);
        // 09:15 IST, the session's open, as Yahoo stamps NSE daily bars.
        timestamps.append(QDateTime(date, QTime(3, 45), QTimeZone::utc()).toSecsSinceEpoch());
        open.append(bars.open[i]);
        high.append(bars.high[i]);
        low.append(bars.low[i]);
        close.append(bars.close[i]);
        volume.append(bars.volume[i]);
    }
    const QJsonObject meta {{QStringLiteral("currency"), QStringLiteral("INR")},
        {QStringLiteral("symbol"), symbol}, {QStringLiteral("gmtoffset"), 19800},
        {QStringLiteral("timezone"), QStringLiteral("IST")},
        {QStringLiteral("exchangeTimezoneName"), QStringLiteral("Asia/Kolkata")},
        {QStringLiteral("dataGranularity"), QStringLiteral("1d")}};
    const QJsonObject quote {{QStringLiteral("open"), open}, {QStringLiteral("high"), high},
        {QStringLiteral("low"), low}, {QStringLiteral("close"), close}, {QStringLiteral("volume"), volume}};
    const QJsonObject result {{QStringLiteral("meta"), meta}, {QStringLiteral("timestamp"), timestamps},
        {QStringLiteral("indicators"),
            QJsonObject {{QStringLiteral("quote"), QJsonArray {quote}},
                {QStringLiteral("adjclose"),
                    QJsonArray {QJsonObject {{QStringLiteral("adjclose"), close}}}}}}};
    const QJsonObject chart {{QStringLiteral("chart"),
        QJsonObject {
            {QStringLiteral("result"), QJsonArray {result}}, {QStringLiteral("error"), QJsonValue()}}}};
    return QJsonDocument(chart).toJson(QJsonDocument::Compact);
}

} // namespace thetool::test
