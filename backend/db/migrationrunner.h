#pragma once

#include <QList>
#include <QString>

#include "backend/db/dberror.h"
#include "backend/db/migration.h"

class QSqlDatabase;

namespace thetool::db {

class Database;

struct AppliedMigration {
    int version = 0;
    QString name;
    QString checksum;
    QString appliedAt; // ISO 8601, UTC
    int minCompatible = 0;
};

// Bundled versus applied, and whether this binary may run on the schema.
struct MigrationStatus {
    QList<Migration> bundled;
    QList<AppliedMigration> applied;
    QList<int> pending; // bundled, not applied
    int bundledLatest = 0;
    int appliedLatest = 0;
    int schemaMinCompatible = 0; // recorded by the latest applied migration
    DbError problem; // Migration error when the binary must not run on this schema
    bool v8Found = false; // a TheTool v8 database that migrate() will adopt (V8Adoption)
    int v8Version = 0; // its MAX(db_version.version)
};

// Applies the numbered migrations in order, each in its own transaction (unless marked
// `-- no-transaction`), recording them in schema_migrations. On PostgreSQL the whole run holds
// an advisory lock, so instances that start together apply each migration exactly once; on
// SQLite each migration runs under BEGIN IMMEDIATE and re-checks what is applied.
class MigrationRunner
{
public:
    MigrationRunner(Database &database, QList<Migration> migrations);

    // Brings the schema up to date. `appliedNow` receives the versions applied by this call.
    DbError migrate(QList<int> *appliedNow = nullptr);
    // Reads what is applied (without changing anything but creating schema_migrations).
    DbError status(MigrationStatus *out);

    static qint64 advisoryLockKey();

private:
    DbError ensureTable(QSqlDatabase &db);
    DbError readApplied(QSqlDatabase &db, QList<AppliedMigration> *out);
    DbError isApplied(QSqlDatabase &db, int version, bool *applied);
    DbError applyOne(QSqlDatabase &db, const Migration &m);
    DbError record(QSqlDatabase &db, const Migration &m);
    // A TheTool v8 database (Python backend) is taken over in place, in one transaction that
    // ends with 0001 recorded; see V8Adoption.
    DbError adoptV8IfFound(QSqlDatabase &db);
    DbError migrateLocked(QSqlDatabase &db, QList<int> *appliedNow);
    MigrationStatus compare(const QList<AppliedMigration> &applied) const;

    Database &m_database;
    QList<Migration> m_migrations;
};

} // namespace thetool::db
