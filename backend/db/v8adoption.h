#pragma once

#include <QString>
#include <QStringList>

#include "backend/db/dberror.h"

class QSqlDatabase;

namespace thetool::db {

class Database;

// Takes over a TheTool v8 PostgreSQL database (the Python backend's, spec §5.1) in place.
// MigrationRunner uses it under its advisory lock, before anything else touches the schema:
// detect(), then check() (stops with a message naming what is missing), backup(), and apply()
// inside the runner's transaction, which also records 0001 so the normal run continues.
class V8Adoption
{
public:
    explicit V8Adoption(Database &database);

    // A v8 database not adopted yet: `db_version` exists and schema_migrations is missing or
    // empty. `dbVersion` receives MAX(db_version.version) (0 when the table is empty).
    DbError detect(QSqlDatabase &db, bool *isV8, int *dbVersion = nullptr);
    // What the script cannot make up: the core tables and the columns that hold the data
    // (a half-applied v8, spec §5.3), and job statuses the new schema does not know.
    // Fails with one message naming all of them; changes nothing.
    DbError check(QSqlDatabase &db);
    // Always logs the advice to back up first. With ADOPT_BACKUP=1, runs pg_dump (custom
    // format) into the data folder and fails when it cannot, so nothing is adopted unsaved.
    DbError backup();
    // Runs the adoption script; the caller owns the transaction.
    DbError apply(QSqlDatabase &db);

    // The script, compiled in as :/migrations/postgres/adopt/v8_to_0001.sql.
    static QString script(QString *error = nullptr);
    // The message that ends every "nothing was changed" failure.
    static QString unchangedNote();

private:
    DbError columnsOf(QSqlDatabase &db, const QString &table, QStringList *out);

    Database &m_database;
};

} // namespace thetool::db
