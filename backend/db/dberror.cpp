#include "backend/db/dberror.h"

#include <QSqlError>

namespace thetool::db {

namespace {

using Kind = DbError::Kind;

Kind classifyPostgres(const QString &state, const QString &text)
{
    if (state == QLatin1String("23505"))
        return Kind::UniqueViolation;
    if (state == QLatin1String("23503"))
        return Kind::ForeignKeyViolation;
    // 57014 query_canceled: statement_timeout (or a cancel request).
    if (state == QLatin1String("57014") || state == QLatin1String("55P03"))
        return Kind::Timeout;
    // Class 22 (data exception: a NUL byte in text, a number out of range, a bad date) and
    // NOT NULL / CHECK violations come from the values a request supplied.
    if (state.startsWith(QLatin1String("22")) || state == QLatin1String("23502")
        || state == QLatin1String("23514"))
        return Kind::InvalidValue;
    // 53100 disk_full (not the rest of class 53, e.g. out of memory).
    if (state == QLatin1String("53100"))
        return Kind::StorageFull;
    // Class 08: connection exception; 57P01..57P03: admin/crash shutdown, cannot connect now.
    if (state.startsWith(QLatin1String("08")) || state == QLatin1String("57P01")
        || state == QLatin1String("57P02") || state == QLatin1String("57P03"))
        return Kind::ConnectionLost;
    if (state.isEmpty()) {
        // libpq reports a broken socket without a SQLSTATE.
        static const char *const lost[] = {
            "server closed the connection",
            "no connection to the server",
            "could not send data",
            "could not receive data",
            "connection not open",
            "terminating connection",
            "SSL SYSCALL error",
            "connection to server",
            "Broken pipe",
            "Connection reset",
        };
        for (const char *needle : lost) {
            if (text.contains(QLatin1String(needle), Qt::CaseInsensitive))
                return Kind::ConnectionLost;
        }
    }
    return Kind::Other;
}

Kind classifySqlite(const QString &code, const QString &text)
{
    bool ok = false;
    const int value = code.toInt(&ok);
    if (ok) {
        switch (value) {
        case 2067: // SQLITE_CONSTRAINT_UNIQUE
        case 1555: // SQLITE_CONSTRAINT_PRIMARYKEY
            return Kind::UniqueViolation;
        case 787: // SQLITE_CONSTRAINT_FOREIGNKEY
            return Kind::ForeignKeyViolation;
        case 275: // SQLITE_CONSTRAINT_CHECK
        case 1299: // SQLITE_CONSTRAINT_NOTNULL
        case 18: // SQLITE_TOOBIG
        case 20: // SQLITE_MISMATCH
            return Kind::InvalidValue;
        case 778: // SQLITE_IOERR_WRITE: the write was refused (EFBIG at a file size limit, EDQUOT)
            return Kind::StorageFull;
        default:
            break;
        }
        switch (value & 0xff) { // primary result code
        case 5: // SQLITE_BUSY (after busy_timeout)
        case 6: // SQLITE_LOCKED
            return Kind::Timeout;
        case 14: // SQLITE_CANTOPEN
            return Kind::Unavailable;
        case 13: // SQLITE_FULL: ENOSPC
            return Kind::StorageFull;
        default:
            break;
        }
    }
    // Older drivers report only the primary code (19): the message tells which constraint.
    if (text.contains(QLatin1String("UNIQUE constraint failed"))
        || text.contains(QLatin1String("PRIMARY KEY constraint failed")))
        return Kind::UniqueViolation;
    if (text.contains(QLatin1String("FOREIGN KEY constraint failed")))
        return Kind::ForeignKeyViolation;
    if (text.contains(QLatin1String("database or disk is full")))
        return Kind::StorageFull;
    if (text.contains(QLatin1String("database is locked")))
        return Kind::Timeout;
    return Kind::Other;
}

} // namespace

DbError DbError::fromSqlError(const QSqlError &error, Dialect dialect)
{
    if (!error.isValid())
        return {};
    const QString state = error.nativeErrorCode();
    const QString text = error.text();
    Kind kind = dialect == Dialect::Postgres ? classifyPostgres(state, text) : classifySqlite(state, text);
    // QSQLITE labels ordinary step failures ConnectionError too; only QPSQL means it.
    if (kind == Kind::Other && dialect == Dialect::Postgres && error.type() == QSqlError::ConnectionError)
        kind = Kind::Unavailable;
    // libpq messages span lines; callers print one line.
    return DbError {kind, text.simplified(), state};
}

QString DbError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::ConnectionLost:
        return QStringLiteral("connection lost");
    case Kind::Unavailable:
        return QStringLiteral("database unavailable");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::UniqueViolation:
        return QStringLiteral("unique violation");
    case Kind::ForeignKeyViolation:
        return QStringLiteral("foreign key violation");
    case Kind::InvalidValue:
        return QStringLiteral("invalid value");
    case Kind::StorageFull:
        return QStringLiteral("storage full");
    case Kind::Config:
        return QStringLiteral("configuration");
    case Kind::Migration:
        return QStringLiteral("migration");
    case Kind::Other:
        return QStringLiteral("database error");
    }
    return QStringLiteral("database error");
}

} // namespace thetool::db
