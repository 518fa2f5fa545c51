#pragma once

#include <QJsonObject>
#include <QString>

#include "backend/log/logrecord.h"

namespace thetool::log {

class Logger;

// One line from a component's own log (outside any request), e.g. category "thetool.jobs".
void logMessage(Logger &logger, const QString &category, Level level, const QString &message,
    const QJsonObject &fields = {});

} // namespace thetool::log
