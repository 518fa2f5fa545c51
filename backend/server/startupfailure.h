#pragma once

#include <QString>

#include <optional>

namespace thetool::db {
struct DbError;
}

namespace thetool::server {

// Why `thetool serve` refused to start, as a stable name in the "startup_failed" log record
// ({"event":"startup_failed","reason":"port_in_use",...}). The console's supervisor reads it
// to say what is wrong instead of showing a log line.
enum class StartupFailure {
    PortInUse,
    DataFolderNotWritable,
    DatabaseLocked,
    SchemaNewer,
    MigrationFailed,
    DiskFull,
    Other,
};

QString startupFailureName(StartupFailure failure);

// Creates the data folder when missing and writes (then removes) a probe file of `probeBytes`
// in it: a folder the server cannot write, or a disk without room for the probe, fails here
// with a clear reason rather than later inside SQLite.
// Empty when the folder is usable.
std::optional<StartupFailure> probeDataFolder(const QString &path, qint64 probeBytes, QString *message);

// Preparing the database (open, migrate) failed with `error`: which reason is it? `schemaNewer`
// is what MigrationRunner::status() says about the applied schema.
StartupFailure classifyDatabaseFailure(const db::DbError &error, bool schemaNewer);

// The HTTP listener could not start with `message`.
StartupFailure classifyListenFailure(const QString &message);

} // namespace thetool::server
