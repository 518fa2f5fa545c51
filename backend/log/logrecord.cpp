#include "backend/log/logrecord.h"

#include <QJsonDocument>

namespace thetool::log {

QString levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return QStringLiteral("DEBUG");
    case Level::Info:
        return QStringLiteral("INFO");
    case Level::Warning:
        return QStringLiteral("WARNING");
    case Level::Error:
        return QStringLiteral("ERROR");
    }
    return QStringLiteral("INFO");
}

bool parseLevel(const QString &text, Level *out)
{
    const QString v = text.trimmed().toLower();
    if (v == QLatin1String("debug"))
        *out = Level::Debug;
    else if (v == QLatin1String("info"))
        *out = Level::Info;
    else if (v == QLatin1String("warning") || v == QLatin1String("warn"))
        *out = Level::Warning;
    else if (v == QLatin1String("error") || v == QLatin1String("critical"))
        *out = Level::Error;
    else
        return false;
    return true;
}

QJsonObject toJson(const LogRecord &record)
{
    // Extra fields first so the standard keys cannot be overwritten by them.
    QJsonObject object = record.fields;
    object.insert(QStringLiteral("id"), record.id);
    object.insert(QStringLiteral("timestamp"), record.timestamp.toUTC().toString(Qt::ISODateWithMs));
    object.insert(QStringLiteral("level"), levelName(record.level));
    object.insert(QStringLiteral("logger"), record.logger);
    object.insert(QStringLiteral("message"), record.message);
    if (!record.requestId.isEmpty())
        object.insert(QStringLiteral("request_id"), record.requestId);
    if (!record.correlationId.isEmpty())
        object.insert(QStringLiteral("correlation_id"), record.correlationId);
    if (!record.jobId.isEmpty())
        object.insert(QStringLiteral("job_id"), record.jobId);
    return object;
}

QByteArray formatJson(const LogRecord &record)
{
    return QJsonDocument(toJson(record)).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray formatText(const LogRecord &record)
{
    QString line = record.timestamp.toUTC().toString(Qt::ISODateWithMs) + QLatin1Char(' ')
        + levelName(record.level).leftJustified(7) + QLatin1Char(' ') + record.logger;
    if (!record.requestId.isEmpty())
        line += QStringLiteral(" [req ") + record.requestId + QLatin1Char(']');
    if (!record.jobId.isEmpty())
        line += QStringLiteral(" [job ") + record.jobId + QLatin1Char(']');
    line += QStringLiteral(": ") + record.message;
    for (auto it = record.fields.constBegin(); it != record.fields.constEnd(); ++it) {
        const QJsonValue value = it.value();
        const QString text = value.isString() ? value.toString()
            : value.isDouble()                ? QString::number(value.toDouble())
            : value.isBool()
            ? (value.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
            : QString::fromUtf8(
                QJsonDocument(QJsonObject {{QStringLiteral("v"), value}}).toJson(QJsonDocument::Compact));
        line += QLatin1Char(' ') + it.key() + QLatin1Char('=') + text;
    }
    return line.toUtf8() + '\n';
}

} // namespace thetool::log
