#include "backend/server/routesupport.h"

#include <QRegularExpression>

#include <cmath>

#include "backend/http/httprequest.h"

namespace thetool::server {

QString normalizeTicker(const QString &raw)
{
    QString ticker = raw.trimmed().toUpper();
    if (!ticker.isEmpty() && !ticker.contains(QLatin1Char('.')))
        ticker += QStringLiteral(".NS");
    return ticker;
}

bool isValidTicker(const QString &ticker)
{
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9.&^_=-]{1,32}$"));
    return shape.match(ticker).hasMatch();
}

int queryInt(const http::HttpRequest &request, const QString &name, int fallback)
{
    if (!request.hasQuery(name))
        return fallback;
    bool ok = false;
    const int value = request.queryValue(name).trimmed().toInt(&ok);
    return ok ? value : fallback;
}

std::optional<qint64> jsonInt(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9e15)
            return static_cast<qint64>(d);
        return std::nullopt;
    }
    if (value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().trimmed().toLongLong(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

QJsonObject bodyObject(const http::HttpRequest &request)
{
    const QByteArray body = request.body.trimmed();
    if (body.isEmpty() || body == "null")
        return {};
    return request.jsonObject();
}

QJsonValue nullableText(const QString &text)
{
    return text.isNull() ? QJsonValue() : QJsonValue(text);
}

} // namespace thetool::server
