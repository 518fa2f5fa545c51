#include "backend/market/yahoochartparser.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace thetool::market {

namespace {

using Kind = MarketDataError::Kind;

double numberAt(const QJsonArray &array, qsizetype i)
{
    const QJsonValue v = i < array.size() ? array.at(i) : QJsonValue();
    return v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

FetchResult failure(Kind kind, const QString &message)
{
    FetchResult result;
    result.error = MarketDataError::make(kind, message);
    return result;
}

} // namespace

FetchResult parseYahooChart(const QByteArray &body, int httpStatus, const QString &symbol)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject chart = doc.object().value(QLatin1String("chart")).toObject();
    const QJsonObject chartError = chart.value(QLatin1String("error")).toObject();
    if (httpStatus == 404 || chartError.value(QLatin1String("code")).toString() == QLatin1String("Not Found"))
        return failure(Kind::UnknownSymbol,
            QStringLiteral("unknown symbol %1: the provider has no such ticker (%2)")
                .arg(symbol,
                    chartError.value(QLatin1String("description")).toString(QStringLiteral("not found"))));
    if (parseError.error != QJsonParseError::NoError)
        return failure(Kind::Malformed,
            QStringLiteral("malformed response for %1: %2 at byte %3")
                .arg(symbol, parseError.errorString())
                .arg(parseError.offset));
    if (!chartError.isEmpty())
        return failure(Kind::Malformed,
            QStringLiteral("provider error for %1: %2 %3")
                .arg(symbol, chartError.value(QLatin1String("code")).toString(),
                    chartError.value(QLatin1String("description")).toString()));
    if (!chart.value(QLatin1String("result")).isArray())
        return failure(
            Kind::Malformed, QStringLiteral("malformed response for %1: no chart.result").arg(symbol));
    const QJsonArray results = chart.value(QLatin1String("result")).toArray();
    const QJsonObject result = results.isEmpty() ? QJsonObject() : results.first().toObject();
    const QJsonArray timestamps = result.value(QLatin1String("timestamp")).toArray();
    const QJsonObject indicators = result.value(QLatin1String("indicators")).toObject();
    const QJsonObject quote = indicators.value(QLatin1String("quote")).toArray().first().toObject();
    if (timestamps.isEmpty() || quote.isEmpty())
        return failure(
            Kind::NoData, QStringLiteral("No data available for %1 in the requested period").arg(symbol));

    const QJsonArray open = quote.value(QLatin1String("open")).toArray();
    const QJsonArray high = quote.value(QLatin1String("high")).toArray();
    const QJsonArray low = quote.value(QLatin1String("low")).toArray();
    const QJsonArray close = quote.value(QLatin1String("close")).toArray();
    const QJsonArray volume = quote.value(QLatin1String("volume")).toArray();
    const QJsonArray adjclose = indicators.value(QLatin1String("adjclose"))
                                    .toArray()
                                    .first()
                                    .toObject()
                                    .value(QLatin1String("adjclose"))
                                    .toArray();
    if (close.size() != timestamps.size())
        return failure(Kind::Malformed,
            QStringLiteral("malformed response for %1: %2 timestamps but %3 closes")
                .arg(symbol)
                .arg(timestamps.size())
                .arg(close.size()));
    const qint64 offset = static_cast<qint64>(
        result.value(QLatin1String("meta")).toObject().value(QLatin1String("gmtoffset")).toDouble(0));

    FetchResult out;
    out.source = QStringLiteral("yahoo");
    analysis::Bars &bars = out.bars;
    for (qsizetype i = 0; i < timestamps.size(); ++i) {
        const double ts = timestamps.at(i).toDouble(std::numeric_limits<double>::quiet_NaN());
        const double c = numberAt(close, i);
        const double o = numberAt(open, i), h = numberAt(high, i), l = numberAt(low, i);
        // Yahoo leaves nulls on days without trades; a bar needs all four prices.
        if (!std::isfinite(ts) || std::fabs(ts) > 1e11 || !std::isfinite(c) || c <= 0 || !std::isfinite(o)
            || !std::isfinite(h) || !std::isfinite(l))
            continue;
        const double adj = numberAt(adjclose, i);
        const double factor = adjclose.isEmpty() || !std::isfinite(adj) ? 1.0 : adj / c;
        const std::string date = QDateTime::fromSecsSinceEpoch(static_cast<qint64>(ts) + offset, Qt::UTC)
                                     .date()
                                     .toString(Qt::ISODate)
                                     .toStdString();
        if (!bars.dates.empty() && date <= bars.dates.back()) {
            if (date < bars.dates.back())
                return failure(Kind::Malformed,
                    QStringLiteral("malformed response for %1: timestamps out of order").arg(symbol));
            // The live bar repeats today's date: keep the later row.
            bars.dates.pop_back();
            bars.open.pop_back();
            bars.high.pop_back();
            bars.low.pop_back();
            bars.close.pop_back();
            bars.volume.pop_back();
        }
        const double v = numberAt(volume, i);
        bars.dates.push_back(date);
        bars.open.push_back(o * factor);
        bars.high.push_back(h * factor);
        bars.low.push_back(l * factor);
        bars.close.push_back(c * factor);
        bars.volume.push_back(std::isfinite(v) ? v : 0.0);
    }
    if (bars.empty())
        return failure(
            Kind::NoData, QStringLiteral("No data available for %1 in the requested period").arg(symbol));
    return out;
}

} // namespace thetool::market
