#pragma once

#include <QString>

namespace thetool::db {

// What the database layer needs to know. The configuration step fills it from the
// environment; until then `databaseOptionsFromEnvironment()` is the one place that does.
struct DatabaseOptions {
    QString url; // DATABASE_URL: postgres:// or postgresql://; empty selects SQLite
    QString dataPath; // DATA_PATH: the folder holding thetool.db for SQLite
    int connectTimeoutSeconds = 5;
    int statementTimeoutMs = 30000; // server-side; the client deadline is this plus a margin
    int clientDeadlineMarginMs = 500;
    int keepaliveIdleSeconds = 30;
    int keepaliveIntervalSeconds = 10;
    int keepaliveCount = 3;
    int sqliteBusyTimeoutMs = 5000;
    QString applicationName = QStringLiteral("thetool");

    bool usesPostgres() const { return !url.isEmpty(); }
    QString sqliteFile() const;
};

// DATABASE_URL and DATA_PATH (default: the user's data folder for "thetool").
DatabaseOptions databaseOptionsFromEnvironment();

} // namespace thetool::db
