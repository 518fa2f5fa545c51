#include "client/api/jsonreader.h"

#include <QTimeZone>

namespace thetool::client {

QString JsonReader::string(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return {};
}

QString JsonReader::requiredString(const QString &key)
{
    if (!m_object.value(key).isString())
        fail(QStringLiteral("missing text field '%1'").arg(key));
    return string(key);
}

qint64 JsonReader::integer(const QString &key, qint64 fallback) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isDouble())
        return v.toInteger(qint64(v.toDouble()));
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        return ok ? n : fallback;
    }
    return fallback;
}

qint64 JsonReader::requiredInteger(const QString &key)
{
    if (!m_object.value(key).isDouble())
        fail(QStringLiteral("missing number field '%1'").arg(key));
    return integer(key);
}

double JsonReader::number(const QString &key, double fallback) const
{
    return optionalNumber(key).value_or(fallback);
}

std::optional<double> JsonReader::optionalNumber(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

bool JsonReader::boolean(const QString &key, bool fallback) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isBool())
        return v.toBool();
    if (v.isDouble())
        return v.toDouble() != 0.0;
    return fallback;
}

QStringList JsonReader::stringList(const QString &key) const
{
    QStringList out;
    for (const QJsonValue &v : m_object.value(key).toArray())
        out.append(v.toString());
    return out;
}

QJsonArray JsonReader::requiredArray(const QString &key)
{
    if (!m_object.value(key).isArray())
        fail(QStringLiteral("missing list field '%1'").arg(key));
    return array(key);
}

QDateTime JsonReader::time(const QString &key) const
{
    return parseTime(m_object.value(key).toString());
}

QDateTime JsonReader::parseTime(const QString &text)
{
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        // RFC 1123 as Flask writes it: "Sat, 31 Jan 2026 09:15:00 GMT" (Qt wants an offset).
        QString rfc = text;
        if (rfc.endsWith(QLatin1String(" GMT")) || rfc.endsWith(QLatin1String(" UTC")))
            rfc = rfc.left(rfc.size() - 4) + QStringLiteral(" +0000");
        t = QDateTime::fromString(rfc, Qt::RFC2822Date);
    }
    if (!t.isValid()) {
        // Python's str(datetime) of a naive UTC time: "2026-01-31 09:15:03.120000".
        QString iso = text;
        iso.replace(QLatin1Char(' '), QLatin1Char('T'));
        t = QDateTime::fromString(iso.left(23), Qt::ISODateWithMs);
        if (t.isValid() && t.timeSpec() == Qt::LocalTime)
            t.setTimeZone(QTimeZone::utc());
    }
    return t.isValid() ? t.toUTC() : QDateTime();
}

void JsonReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = m_context.isEmpty() ? message : m_context + QStringLiteral(": ") + message;
}

} // namespace thetool::client
