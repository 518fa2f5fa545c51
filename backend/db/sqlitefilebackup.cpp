#include "backend/db/sqlitefilebackup.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

#include <memory>

#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"

namespace thetool::db {

namespace {

DbError other(const QString &message)
{
    return DbError::make(DbError::Kind::Other, message);
}

struct SqliteCloser {
    void operator()(sqlite3 *handle) const { sqlite3_close_v2(handle); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

SqliteHandle openReadOnly(const QString &path, QString *problem)
{
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, SQLITE_OPEN_READONLY, nullptr);
    SqliteHandle handle(raw);
    if (rc != SQLITE_OK) {
        *problem = QStringLiteral("cannot open it as SQLite: ") + QString::fromUtf8(sqlite3_errstr(rc));
        return nullptr;
    }
    return handle;
}

// The first column of the first row of `sql` as text; false on an error.
bool queryText(sqlite3 *handle, const char *sql, QString *out, QString *problem)
{
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(handle, sql, -1, &statement, nullptr) != SQLITE_OK) {
        *problem = QString::fromUtf8(sqlite3_errmsg(handle));
        return false;
    }
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW)
        *out = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
    else if (rc == SQLITE_DONE)
        out->clear();
    else
        *problem = QString::fromUtf8(sqlite3_errmsg(handle));
    sqlite3_finalize(statement);
    return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

sqlite3 *liveHandle(QSqlDatabase &connection)
{
    const QVariant handle = connection.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

} // namespace

DbError SqliteFileBackup::backupTo(Database &database, const QString &path)
{
    if (database.dialect() != Dialect::Sqlite)
        return other(QStringLiteral("a file backup needs SQLite; PostgreSQL uses the portable export"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return other(QStringLiteral("cannot create %1: %2").arg(path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.close();
    const DbError error = database.run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        if (DbError e = database.prepare(query, QStringLiteral("VACUUM INTO ?")))
            return e;
        query.addBindValue(path);
        return database.exec(query, Database::Deadline::None);
    });
    if (error)
        QFile::remove(path);
    return error;
}

QString SqliteFileBackup::validate(const QString &path, int *schemaVersion)
{
    *schemaVersion = 0;
    QString problem;
    SqliteHandle handle = openReadOnly(path, &problem);
    if (!handle)
        return problem;
    QString integrity;
    if (!queryText(handle.get(), "PRAGMA integrity_check", &integrity, &problem))
        return QStringLiteral("not a usable SQLite database: ") + problem;
    if (integrity != QLatin1String("ok"))
        return QStringLiteral("integrity check failed: ") + integrity.left(200);
    QString found;
    if (!queryText(handle.get(),
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", &found,
            &problem))
        return problem;
    if (found.isEmpty())
        return QStringLiteral("not a TheTool database (no schema_migrations table)");
    QString latest;
    QString minCompatible;
    if (!queryText(handle.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &latest, &problem)
        || !queryText(handle.get(),
            "SELECT min_compatible FROM schema_migrations ORDER BY version DESC LIMIT 1", &minCompatible,
            &problem))
        return QStringLiteral("unreadable schema_migrations: ") + problem;
    *schemaVersion = latest.toInt();
    if (*schemaVersion == 0)
        return QStringLiteral("not a TheTool database (no migration applied)");
    const QList<Migration> bundled = Migration::bundled(Dialect::Sqlite);
    const int bundledLatest = bundled.isEmpty() ? 0 : bundled.last().version;
    if (*schemaVersion > bundledLatest && minCompatible.toInt() > bundledLatest)
        return QStringLiteral(
            "its schema (version %1, needs a binary that knows %2) is newer than this TheTool "
            "knows (%3)")
            .arg(*schemaVersion)
            .arg(minCompatible.toInt())
            .arg(bundledLatest);
    return {};
}

DbError SqliteFileBackup::restoreFrom(Database &database, const QString &path, const QString &keepPath)
{
    if (database.dialect() != Dialect::Sqlite)
        return other(QStringLiteral("restore works on SQLite only"));
    int version = 0;
    if (const QString problem = validate(path, &version); !problem.isEmpty())
        return other(problem);
    if (DbError e = backupTo(database, keepPath))
        return e;
    QString problem;
    SqliteHandle source = openReadOnly(path, &problem);
    if (!source)
        return other(problem);
    const DbError error = database.run([&](QSqlDatabase &connection) -> DbError {
        sqlite3 *live = liveHandle(connection);
        if (!live)
            return other(QStringLiteral("the SQLite driver gave no handle"));
        sqlite3_backup *backup = sqlite3_backup_init(live, "main", source.get(), "main");
        if (!backup)
            return other(
                QStringLiteral("cannot start the restore: ") + QString::fromUtf8(sqlite3_errmsg(live)));
        int rc = SQLITE_OK;
        // Other connections may hold a read transaction for a moment: retry for a while.
        for (int attempt = 0; attempt < 100; ++attempt) {
            rc = sqlite3_backup_step(backup, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                break;
            QThread::msleep(50);
        }
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE)
            return other(QStringLiteral("restore failed: ") + QString::fromUtf8(sqlite3_errstr(rc)));
        return {};
    });
    if (error)
        return error;
    // An older backup is brought up to this binary's schema, as start-up would.
    return MigrationRunner(database, Migration::bundled(Dialect::Sqlite)).migrate();
}

} // namespace thetool::db
