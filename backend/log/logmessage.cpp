#include "backend/log/logmessage.h"

#include "backend/log/logger.h"

namespace thetool::log {

void logMessage(
    Logger &logger, const QString &category, Level level, const QString &message, const QJsonObject &fields)
{
    LogRecord record;
    record.level = level;
    record.logger = category;
    record.message = message;
    record.fields = fields;
    logger.log(std::move(record));
}

} // namespace thetool::log
