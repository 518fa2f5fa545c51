#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace thetool::log {

enum class Level { Debug = 0, Info = 1, Warning = 2, Error = 3 };

QString levelName(Level level); // "DEBUG", "INFO", "WARNING", "ERROR"
bool parseLevel(const QString &text, Level *out); // accepts any case, "warn"

// One log line before formatting. Context fields are empty when not known.
struct LogRecord {
    qint64 id = 0; // assigned by the logger, increasing; cursors use it
    QDateTime timestamp;
    Level level = Level::Info;
    QString logger; // category, e.g. "thetool.http"
    QString message;
    QString requestId;
    QString correlationId;
    QString jobId;
    QJsonObject fields; // extra structured fields (route, status, ticker, ...)
};

QByteArray formatJson(const LogRecord &record);
QByteArray formatText(const LogRecord &record);
QJsonObject toJson(const LogRecord &record);

} // namespace thetool::log
