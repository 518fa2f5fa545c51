#include "tests/origapi/origserver.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

#include "backend/security/bulkpassword.h"
#include "tests/origapi/demochart.h"

namespace thetool::test {

bool OrigServer::start(const QString &pgUrl)
{
    m_chart.setScript({{200, demoChartJson(QStringLiteral("DEMO.NS"), 260), false, {}}});
    m_server.setEnv(QStringLiteral("MARKET_DATA_URL"), m_chart.url());
    if (!m_server.environment().contains(QStringLiteral("BULK_ANALYSIS_PASSWORD_HASH")))
        m_server.setEnv(QStringLiteral("BULK_ANALYSIS_PASSWORD_HASH"),
            QString::fromLatin1(security::BulkPassword::hash(bulkPassword, 4)));
    m_server.setEnv(QStringLiteral("RATE_LIMIT_PER_MINUTE"), QStringLiteral("100000"));
    if (!pgUrl.isEmpty())
        m_server.setEnv(QStringLiteral("DATABASE_URL"), pgUrl);
    if (!m_server.start()) {
        m_error = m_server.error();
        return false;
    }
    m_keys.insert(QStringLiteral("admin"), m_server.masterKey());
    for (const QString &scope : {QStringLiteral("read"), QStringLiteral("analyze")}) {
        const Reply created = call("POST", "/api/admin/api-keys",
            QJsonDocument(QJsonObject {{QStringLiteral("name"), QString(QStringLiteral("test-") + scope)},
                              {QStringLiteral("scopes"), QJsonArray {scope}}})
                .toJson(QJsonDocument::Compact));
        if (created.status != 201) {
            m_error =
                QStringLiteral("cannot create the %1 key: %2").arg(scope, QString::fromUtf8(created.body));
            return false;
        }
        m_keys.insert(scope, created.json.object().value(QStringLiteral("key")).toString());
    }
    return true;
}

OrigServer::Reply OrigServer::call(const QByteArray &method, const QByteArray &target, const QByteArray &body,
    const QString &key, const QByteArray &extraHeaders)
{
    QByteArray headers = extraHeaders;
    if (key != QLatin1String("none"))
        headers += "X-API-Key: " + m_keys.value(key).toUtf8() + "\r\n";
    if (!body.isEmpty())
        headers += "Content-Type: application/json\r\n";
    Reply reply;
    const auto response = m_server.request(method, target, headers, body);
    if (!response)
        return reply;
    reply.status = response->status;
    reply.body = response->body;
    reply.json = QJsonDocument::fromJson(response->body);
    reply.retryAfter = response->header("Retry-After");
    return reply;
}

QJsonValue jsonAt(const QJsonValue &root, const QString &path)
{
    QJsonValue current = root;
    for (const QString &part : path.split(QLatin1Char('.'), Qt::SkipEmptyParts)) {
        bool isIndex = false;
        const int index = part.toInt(&isIndex);
        if (isIndex && current.isArray()) {
            const QJsonArray array = current.toArray();
            if (index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            current = array.at(index);
        } else if (current.isObject()) {
            const QJsonObject object = current.toObject();
            if (!object.contains(part))
                return QJsonValue(QJsonValue::Undefined);
            current = object.value(part);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return current;
}

QString jsonType(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("absent");
}

QString jsonText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(static_cast<qint64>(d))
                                                        : QString::number(d, 'g', 15);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    default:
        return jsonType(value);
    }
}

} // namespace thetool::test
