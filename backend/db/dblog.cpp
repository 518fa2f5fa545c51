#include "backend/db/dblog.h"

namespace thetool::db {
Q_LOGGING_CATEGORY(lcDb, "thetool.db", QtInfoMsg)
}
