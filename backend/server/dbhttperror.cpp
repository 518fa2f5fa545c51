#include "backend/server/dbhttperror.h"

#include <QLoggingCategory>

namespace thetool::server {

namespace {
Q_LOGGING_CATEGORY(lcServerDb, "thetool.db")
}

http::ApiError toApiError(const db::DbError &error, const QString &conflictMessage)
{
    using Kind = db::DbError::Kind;
    switch (error.kind) {
    case Kind::ConnectionLost:
    case Kind::Unavailable:
        return http::ApiError(503, QStringLiteral("DATABASE_UNAVAILABLE"),
            QStringLiteral("The database is unreachable; try again shortly"))
            .withRetryAfter(5);
    case Kind::Timeout:
        return http::ApiError(503, QStringLiteral("DATABASE_TIMEOUT"),
            QStringLiteral("The database did not answer in time; try again shortly"))
            .withRetryAfter(5);
    case Kind::UniqueViolation:
        return http::ApiError(409, QStringLiteral("CONFLICT"),
            conflictMessage.isEmpty() ? QStringLiteral("That record already exists") : conflictMessage);
    case Kind::ForeignKeyViolation:
        return http::ApiError(409, QStringLiteral("CONFLICT"),
            QStringLiteral("That change refers to a record that does not exist or is still in use"));
    case Kind::InvalidValue:
        return http::ApiError(400, QStringLiteral("INVALID_VALUE"),
            QStringLiteral(
                "A value in the request cannot be stored (for example a NUL character, or a number "
                "out of range)"));
    case Kind::StorageFull:
        // Logged: an operator has to free space; the request may be repeated afterwards.
        qCWarning(lcServerDb).noquote() << "database storage full:" << error.sqlState << error.message;
        return http::ApiError(507, QStringLiteral("INSUFFICIENT_STORAGE"),
            QStringLiteral("The database has no room to store this; try again once space is freed"))
            .withRetryAfter(60);
    case Kind::None:
    case Kind::Config:
    case Kind::Migration:
    case Kind::Other:
        break;
    }
    qCWarning(lcServerDb).noquote() << "database error:" << db::DbError::kindName(error.kind)
                                    << error.sqlState << error.message;
    return http::ApiError(
        500, QStringLiteral("DATABASE_ERROR"), QStringLiteral("The database reported an error"));
}

void throwIfFailed(const db::DbError &error, const QString &conflictMessage)
{
    if (error)
        throw toApiError(error, conflictMessage);
}

} // namespace thetool::server
