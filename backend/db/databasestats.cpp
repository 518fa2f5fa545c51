#include "backend/db/databasestats.h"

#include <QFileInfo>
#include <QHash>
#include <QSqlQuery>

#include "backend/db/database.h"
#include "backend/db/tablecatalog.h"

namespace thetool::db {

namespace {

DbError singleValue(Database &database, const QString &sql, QVariant *out)
{
    return database.run(
        [&](QSqlDatabase &connection) -> DbError {
            QSqlQuery query(connection);
            if (DbError e = database.exec(query, sql))
                return e;
            *out = query.next() ? query.value(0) : QVariant();
            return {};
        },
        Database::Retry::Idempotent);
}

DbError countRows(Database &database, QSqlDatabase &connection, const QString &table, qint64 *rows)
{
    QSqlQuery count(connection);
    if (DbError e =
            database.exec(count, QStringLiteral("SELECT COUNT(*) FROM %1").arg(TableCatalog::quoted(table))))
        return e;
    *rows = count.next() ? count.value(0).toLongLong() : 0;
    return {};
}

} // namespace

DbError DatabaseStats::serverVersion(Database &database, QString *out)
{
    QVariant value;
    const DbError e = singleValue(database,
        database.dialect() == Dialect::Postgres ? QStringLiteral("SHOW server_version")
                                                : QStringLiteral("SELECT sqlite_version()"),
        &value);
    *out = value.toString();
    return e;
}

DbError DatabaseStats::sizeBytes(Database &database, qint64 *out)
{
    if (database.dialect() == Dialect::Postgres) {
        QVariant value;
        const DbError e =
            singleValue(database, QStringLiteral("SELECT pg_database_size(current_database())"), &value);
        *out = value.toLongLong();
        return e;
    }
    const QString file = database.options().sqliteFile();
    *out = QFileInfo(file).size() + QFileInfo(file + QStringLiteral("-wal")).size();
    return {};
}

DbError DatabaseStats::tables(Database &database, QList<TableStats> *out)
{
    out->clear();
    return database.run(
        [&](QSqlDatabase &connection) -> DbError {
            out->clear();
            QList<TableInfo> catalog;
            if (DbError e = TableCatalog::read(database, connection, &catalog))
                return e;
            QHash<QString, std::pair<qint64, qint64>> sizes; // name -> (estimate, bytes)
            QSqlQuery query(connection);
            if (database.dialect() == Dialect::Postgres) {
                if (DbError e = database.exec(query,
                        QStringLiteral("SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid) "
                                       "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                       "WHERE c.relkind = 'r' AND n.nspname = current_schema()")))
                    return e;
                while (query.next())
                    sizes.insert(query.value(0).toString(),
                        {query.value(1).toLongLong(), query.value(2).toLongLong()});
            } else if (database
                           .exec(query, QStringLiteral("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
                           .ok()) {
                // dbstat counts indexes under their own names; they are added to their tables below.
                while (query.next())
                    sizes.insert(query.value(0).toString(), {-1, query.value(1).toLongLong()});
                QSqlQuery indexes(connection);
                if (database
                        .exec(indexes,
                            QStringLiteral("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"))
                        .ok()) {
                    while (indexes.next()) {
                        const auto index = sizes.constFind(indexes.value(0).toString());
                        auto table = sizes.find(indexes.value(1).toString());
                        if (index != sizes.constEnd() && table != sizes.end())
                            table->second += index->second;
                    }
                }
            }
            for (const TableInfo &table : std::as_const(catalog)) {
                TableStats stats;
                stats.name = table.name;
                const auto size = sizes.value(table.name, {-1, -1});
                stats.bytes = size.second;
                if (size.first > exactCountLimit) {
                    stats.rows = size.first;
                    stats.estimated = true;
                } else if (DbError e = countRows(database, connection, table.name, &stats.rows)) {
                    return e;
                }
                out->append(stats);
            }
            return {};
        },
        Database::Retry::Idempotent);
}

} // namespace thetool::db
