#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>

#include "backend/db/databaseoptions.h"
#include "backend/db/dberror.h"
#include "backend/db/postgresurl.h"

class QSqlQuery;

namespace thetool::db {

class QueryWatchdog;

// The database of one process: QPSQL from DATABASE_URL or QSQLITE at DATA_PATH/thetool.db.
// Each thread that calls in gets its own named connection (QtSql connections must not cross
// threads); a thread releases it with releaseThreadConnection() before it exits. A connection
// that broke (server restart, killed backend, missed deadline) is reopened on next use.
class Database
{
public:
    enum class Retry {
        No, // the work may have had effects: report the error, reopen for next time
        Idempotent, // safe to run again: after a lost connection, reopen once and retry once
    };
    enum class Deadline {
        Statement, // statement_timeout plus a margin, enforced on the client too (PostgreSQL)
        None, // migrations and lock waits
    };
    using Work = std::function<DbError(QSqlDatabase &)>;

    // Validates `options` (URL, data folder, driver present); nothing is opened yet.
    static std::unique_ptr<Database> create(const DatabaseOptions &options, DbError *error);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    Dialect dialect() const { return m_dialect; }
    const DatabaseOptions &options() const { return m_options; }
    // The redacted URL or the SQLite file, for messages.
    QString describe() const;

    // Runs `work` on the calling thread's connection, opening it first if needed.
    DbError run(const Work &work, Retry retry = Retry::No);
    // SELECT 1 (idempotent): what /health asks.
    DbError ping();

    // Executes a prepared query, or `sql`, under the deadline; the error is classified and a
    // broken connection is marked for reopening. Use these inside run().
    DbError exec(QSqlQuery &query, Deadline deadline = Deadline::Statement);
    DbError exec(QSqlQuery &query, const QString &sql, Deadline deadline = Deadline::Statement);
    // Prepares `sql` (a server round trip on PostgreSQL: same deadline and classification).
    DbError prepare(QSqlQuery &query, const QString &sql, Deadline deadline = Deadline::Statement);

    // Closes and removes the calling thread's connection (call at thread exit).
    void releaseThreadConnection();

private:
    Database(const DatabaseOptions &options, Dialect dialect, const PostgresUrl &url);
    QString connectionName() const;
    DbError ensureOpen(QSqlDatabase *out);
    DbError openConnection(QSqlDatabase &db);
    void markBroken(const QString &name);
    bool takeBroken(const QString &name);
    DbError guarded(QSqlQuery &query, Deadline deadline, const std::function<bool()> &operation);

    DatabaseOptions m_options;
    Dialect m_dialect;
    PostgresUrl m_url;
    QString m_prefix;
    std::unique_ptr<QueryWatchdog> m_watchdog;
    std::mutex m_mutex;
    QHash<QString, bool> m_connections; // name -> broken
};

} // namespace thetool::db
