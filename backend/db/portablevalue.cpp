#include "backend/db/portablevalue.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace thetool::db {

namespace {

const QRegularExpression &timestampPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,6}))?Z$"));
    return pattern;
}

// The seconds part and a fraction padded to `digits` (truncated, never rounded up).
QString timestampWithDigits(const QString &text, int digits)
{
    const QRegularExpressionMatch m = timestampPattern().match(text);
    if (!m.hasMatch())
        return text;
    QString fraction = m.captured(2);
    fraction = fraction.leftJustified(6, QLatin1Char('0')).left(digits);
    return m.captured(1) + QLatin1Char('.') + fraction + QLatin1Char('Z');
}

QString numberText(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

bool isIntegral(double value)
{
    return std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9.007199254740992e15;
}

std::optional<double> nonFinite(const QString &text)
{
    if (text == QLatin1String("NaN"))
        return std::nan("");
    if (text == QLatin1String("Infinity"))
        return HUGE_VAL;
    if (text == QLatin1String("-Infinity"))
        return -HUGE_VAL;
    return std::nullopt;
}

} // namespace

bool PortableValue::isTimestampText(const QString &text)
{
    return timestampPattern().match(text).hasMatch();
}

QJsonValue PortableValue::fromSql(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::ULongLong:
        return value.toLongLong();
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (std::isnan(d))
            return QStringLiteral("NaN");
        if (std::isinf(d))
            return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        return d;
    }
    case QMetaType::QByteArray:
        return QJsonObject {{QStringLiteral("base64"), QString::fromLatin1(value.toByteArray().toBase64())}};
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QDateTime:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    default:
        return value.toString();
    }
}

QJsonValue PortableValue::canonical(const QJsonValue &value, Precision precision)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QJsonValue::Null;
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    case QJsonValue::Double: {
        double d = value.toDouble();
        if (isIntegral(d))
            return QString::number(static_cast<qint64>(d));
        if (precision == Precision::Portable) {
            d = static_cast<double>(static_cast<float>(d));
            if (isIntegral(d))
                return QString::number(static_cast<qint64>(d));
        }
        return numberText(d);
    }
    case QJsonValue::String: {
        const QString text = value.toString();
        if (isTimestampText(text))
            return timestampWithDigits(text, precision == Precision::Exact ? 6 : 3);
        return text;
    }
    case QJsonValue::Object:
    case QJsonValue::Array:
        return value; // a blob's {"base64": ...}: compared as written
    }
    return QJsonValue::Null;
}

bool PortableValue::toBind(const QJsonValue &value, const ColumnInfo &column, Dialect dialect, QVariant *out)
{
    if (value.isNull() || value.isUndefined()) {
        *out = QVariant(QMetaType::fromType<QString>());
        return true;
    }
    if (value.isObject()) {
        const QJsonValue encoded = value.toObject().value(QStringLiteral("base64"));
        if (!encoded.isString())
            return false;
        *out = QByteArray::fromBase64(encoded.toString().toLatin1());
        return true;
    }
    if (value.isArray())
        return false;
    const bool postgres = dialect == Dialect::Postgres;
    switch (column.kind) {
    case ColumnKind::Boolean:
        if (value.isBool())
            *out = value.toBool();
        else if (value.isDouble())
            *out = value.toDouble() != 0;
        else
            *out = value.toString(); // 't', 'true', ...: PostgreSQL parses them
        return true;
    case ColumnKind::Integer:
        if (value.isBool())
            *out = qint64(value.toBool() ? 1 : 0);
        else if (value.isDouble() && isIntegral(value.toDouble()))
            *out = static_cast<qint64>(value.toDouble());
        else if (value.isDouble())
            *out = value.toDouble();
        else
            *out = value.toString();
        return true;
    case ColumnKind::Real:
    case ColumnKind::Double:
        if (value.isBool())
            *out = value.toBool() ? 1.0 : 0.0;
        else if (value.isDouble())
            *out = value.toDouble();
        else if (const auto special = nonFinite(value.toString()); special && !postgres)
            *out = *special;
        else
            *out = value.toString();
        return true;
    case ColumnKind::Blob:
        *out = value.toVariant();
        return true;
    case ColumnKind::Timestamp:
    case ColumnKind::Date:
    case ColumnKind::Text:
        break;
    }
    QString text;
    if (value.isBool())
        text = value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    else if (value.isDouble())
        text = isIntegral(value.toDouble()) ? QString::number(static_cast<qint64>(value.toDouble()))
                                            : numberText(value.toDouble());
    else
        text = value.toString();
    // SQLite keeps TheTool's timestamps as text with milliseconds (what sqlsupport writes and
    // reads); PostgreSQL parses the text into TIMESTAMPTZ itself.
    if (!postgres && isTimestampText(text))
        text = timestampWithDigits(text, 3);
    *out = text;
    return true;
}

} // namespace thetool::db
