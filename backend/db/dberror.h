#pragma once

#include <QString>

class QSqlError;

namespace thetool::db {

enum class Dialect { Sqlite, Postgres };

// The one error type of the database layer, as a value. An HTTP layer maps it in one place:
// Connection/Unavailable/Timeout -> 503, UniqueViolation/ForeignKeyViolation -> 409,
// StorageFull -> 507.
struct DbError {
    enum class Kind {
        None,
        ConnectionLost, // an open connection broke (server restart, network, killed backend)
        Unavailable, // no connection could be opened (server down, refused, auth)
        Timeout, // statement_timeout, the client-side deadline, or SQLite busy
        UniqueViolation, // 23505 / SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY
        ForeignKeyViolation, // 23503 / SQLITE_CONSTRAINT_FOREIGNKEY
        InvalidValue, // a bound value the database cannot take: class 22 (NUL byte, out of range), NOT NULL,
                      // CHECK
        StorageFull, // no room to write: SQLITE_FULL, a refused write (file size limit), 53100 disk_full
        Config, // bad DATABASE_URL, DATA_PATH, options
        Migration, // checksum changed, schema too new, missing migration
        Other,
    };

    Kind kind = Kind::None;
    QString message;
    QString sqlState; // SQLSTATE on PostgreSQL, the extended result code on SQLite

    bool ok() const { return kind == Kind::None; }
    explicit operator bool() const { return !ok(); } // true when there is an error
    // Lost, unavailable or timed out: the work may succeed later on a fresh connection.
    bool isTransient() const
    {
        return kind == Kind::ConnectionLost || kind == Kind::Unavailable || kind == Kind::Timeout;
    }
    bool isConstraint() const { return kind == Kind::UniqueViolation || kind == Kind::ForeignKeyViolation; }

    static DbError make(Kind kind, const QString &message, const QString &sqlState = {})
    {
        return DbError {kind, message, sqlState};
    }
    // Classifies a driver error by SQLSTATE / SQLite code, falling back to libpq's messages
    // for a dead connection (libpq reports those without a SQLSTATE).
    static DbError fromSqlError(const QSqlError &error, Dialect dialect);
    static QString kindName(Kind kind);
};

} // namespace thetool::db
