#include "backend/db/databaseoptions.h"

#include <QDir>
#include <QStandardPaths>

namespace thetool::db {

QString DatabaseOptions::sqliteFile() const
{
    return QDir(dataPath).filePath(QStringLiteral("thetool.db"));
}

DatabaseOptions databaseOptionsFromEnvironment()
{
    DatabaseOptions options;
    options.url = qEnvironmentVariable("DATABASE_URL").trimmed();
    options.dataPath = qEnvironmentVariable("DATA_PATH").trimmed();
    if (options.dataPath.isEmpty()) {
        // AppDataLocation follows the application name; pin it so every caller agrees.
        options.dataPath = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
                               .filePath(QStringLiteral("thetool"));
    }
    return options;
}

} // namespace thetool::db
