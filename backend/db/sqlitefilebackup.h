#pragma once

#include <QString>

#include "backend/db/dberror.h"

namespace thetool::db {

class Database;

// File-level backup and restore of the SQLite database, while the server runs.
class SqliteFileBackup
{
public:
    // An online, consistent copy in `path` (VACUUM INTO); `path` must not exist. The file is
    // created empty with owner-only permissions first, so the copy is never world-readable.
    static DbError backupTo(Database &database, const QString &path);

    // Whether `path` is a TheTool SQLite database this binary can run on: a SQLite file,
    // PRAGMA integrity_check "ok", schema_migrations present, its version compatible.
    // An empty problem means yes; `schemaVersion` receives its latest applied version.
    static QString validate(const QString &path, int *schemaVersion);

    // Replaces the live database's content with `path` (validated first) through SQLite's
    // online backup API, so every open connection sees the restored pages; the current
    // content is kept in `keepPath` first. Then brings the schema up to date.
    static DbError restoreFrom(Database &database, const QString &path, const QString &keepPath);
};

} // namespace thetool::db
