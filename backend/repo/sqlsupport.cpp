#include "backend/repo/sqlsupport.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QTimeZone>

namespace thetool::repo {

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QVariant nullableInt(bool present, qint64 value)
{
    return present ? QVariant(value) : QVariant(QMetaType::fromType<qint64>());
}

QString timestampText(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.metaType() == QMetaType::fromType<QDateTime>())
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    return value.toString();
}

QString nowText()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString nowSql(db::Dialect dialect)
{
    return dialect == db::Dialect::Postgres ? QStringLiteral("CURRENT_TIMESTAMP")
                                            : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
}

db::DbError execBound(db::Database &database, QSqlQuery &query, const QString &sql, const QVariantList &binds,
    const std::function<void(const QSqlQuery &)> &onRow)
{
    if (db::DbError e = database.prepare(query, sql))
        return e;
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (db::DbError e = database.exec(query))
        return e;
    // Step every statement to its end, rows wanted or not: SQLite commits an autocommitted
    // INSERT ... RETURNING only when its last step runs, and a failed commit (disk full, I/O
    // error) shows only as that step's error. Without this the caller saw success for a row
    // that was never stored.
    while (query.next()) {
        if (onRow)
            onRow(query);
    }
    if (query.lastError().isValid())
        return db::DbError::fromSqlError(query.lastError(), database.dialect());
    return {};
}

db::DbError runBound(db::Database &database, const QString &sql, const QVariantList &binds,
    const std::function<void(const QSqlQuery &)> &onRow, db::Database::Retry retry)
{
    return database.run(
        [&](QSqlDatabase &connection) {
            QSqlQuery query(connection);
            return execBound(database, query, sql, binds, onRow);
        },
        retry);
}

db::DbError inTransaction(db::Database &database, const std::function<db::DbError(QSqlQuery &)> &work)
{
    return database.run([&](QSqlDatabase &connection) -> db::DbError {
        const bool sqlite = database.dialect() == db::Dialect::Sqlite;
        // SQLite: a deferred transaction that reads and then writes cannot always upgrade to
        // a writer while another connection writes (SQLITE_BUSY at once, no busy wait). BEGIN
        // IMMEDIATE takes the write lock up front and waits out the busy timeout instead.
        if (sqlite) {
            QSqlQuery begin(connection);
            if (db::DbError e = database.exec(begin, QStringLiteral("BEGIN IMMEDIATE")))
                return e;
        } else if (!connection.transaction()) {
            return db::DbError::fromSqlError(connection.lastError(), database.dialect());
        }
        const auto rollback = [&] {
            if (sqlite) {
                QSqlQuery end(connection);
                database.exec(end, QStringLiteral("ROLLBACK"));
            } else {
                connection.rollback();
            }
        };
        db::DbError error;
        {
            QSqlQuery query(connection);
            error = work(query);
        }
        if (error) {
            rollback();
            return error;
        }
        if (sqlite) {
            QSqlQuery commit(connection);
            error = database.exec(commit, QStringLiteral("COMMIT"));
        } else if (!connection.commit()) {
            error = db::DbError::fromSqlError(connection.lastError(), database.dialect());
        }
        if (error)
            rollback();
        return error;
    });
}

} // namespace thetool::repo
