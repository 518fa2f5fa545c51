#pragma once

#include <QLoggingCategory>

namespace thetool::db {
Q_DECLARE_LOGGING_CATEGORY(lcDb)
}
