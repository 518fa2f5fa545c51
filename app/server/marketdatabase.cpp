#include "app/server/marketcommands.h"

#include "backend/db/database.h"
#include "backend/db/databaseoptions.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"

namespace thetool::app {

std::unique_ptr<db::Database> openMigratedDatabase(QString *error)
{
    db::DbError dbError;
    std::unique_ptr<db::Database> database =
        db::Database::create(db::databaseOptionsFromEnvironment(), &dbError);
    if (!database) {
        *error = dbError.message;
        return nullptr;
    }
    QString loadError;
    const QList<db::Migration> migrations = db::Migration::bundled(database->dialect(), &loadError);
    if (!loadError.isEmpty()) {
        *error = loadError;
        return nullptr;
    }
    db::MigrationRunner runner(*database, migrations);
    if (db::DbError e = runner.migrate()) {
        *error = e.message;
        return nullptr;
    }
    return database;
}

} // namespace thetool::app
