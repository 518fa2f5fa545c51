#include "backend/db/databaseexport.h"

#include <QDateTime>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include "backend/db/database.h"
#include "backend/db/tablecatalog.h"
#include "backend/db/tablereader.h"

namespace thetool::db {

namespace {

bool writeLine(QIODevice &out, const QJsonObject &object)
{
    const QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    return out.write(line) == line.size();
}

DbError writeFailed(QIODevice &out)
{
    return DbError::make(
        DbError::Kind::Other, QStringLiteral("cannot write the export: ") + out.errorString());
}

} // namespace

DbError DatabaseExport::schemaVersion(Database &database, QSqlDatabase &connection, int *version)
{
    *version = 0;
    QSqlQuery probe(connection);
    const QString exists = database.dialect() == Dialect::Postgres
        ? QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL")
        : QStringLiteral(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (DbError e = database.exec(probe, exists))
        return e;
    if (!probe.next() || !probe.value(0).toBool())
        return {};
    QSqlQuery query(connection);
    if (DbError e =
            database.exec(query, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")))
        return e;
    if (query.next())
        *version = query.value(0).toInt();
    return {};
}

DbError DatabaseExport::write(
    Database &database, QIODevice &out, const QString &thetoolVersion, Summary *summary)
{
    *summary = Summary {};
    return database.run([&](QSqlDatabase &connection) -> DbError {
        // One snapshot: a repeatable-read transaction on PostgreSQL, a read transaction
        // (WAL snapshot) on SQLite.
        if (!connection.transaction())
            return DbError::fromSqlError(connection.lastError(), database.dialect());
        auto work = [&]() -> DbError {
            if (database.dialect() == Dialect::Postgres) {
                QSqlQuery iso(connection);
                if (DbError e = database.exec(
                        iso, QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")))
                    return e;
                // A large table takes longer to read than one statement may (STATEMENT_TIMEOUT).
                QSqlQuery unlimited(connection);
                if (DbError e = database.exec(unlimited, QStringLiteral("SET LOCAL statement_timeout = 0")))
                    return e;
            }
            if (DbError e = schemaVersion(database, connection, &summary->schemaVersion))
                return e;
            QList<TableInfo> tables;
            if (DbError e = TableCatalog::read(database, connection, &tables))
                return e;
            QJsonArray tableList;
            for (const TableInfo &table : std::as_const(tables))
                tableList.append(QJsonObject {{QStringLiteral("name"), table.name},
                    {QStringLiteral("columns"), QJsonArray::fromStringList(table.columnNames())}});
            const QJsonObject header {{QStringLiteral("format"), formatName()},
                {QStringLiteral("format_version"), formatVersion},
                {QStringLiteral("engine"),
                    database.dialect() == Dialect::Postgres ? QStringLiteral("postgres")
                                                            : QStringLiteral("sqlite")},
                {QStringLiteral("schema_version"), summary->schemaVersion},
                {QStringLiteral("thetool_version"), thetoolVersion},
                {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                {QStringLiteral("tables"), tableList}};
            if (!writeLine(out, header))
                return writeFailed(out);
            QJsonObject trailer;
            for (const TableInfo &table : std::as_const(tables)) {
                TableChecksum sum(table.columnNames());
                bool written = true;
                if (DbError e =
                        TableReader::read(database, connection, table, {}, [&](const QJsonArray &row) {
                            sum.add(row);
                            if (written)
                                written = writeLine(
                                    out, {{QStringLiteral("t"), table.name}, {QStringLiteral("r"), row}});
                        }))
                    return e;
                if (!written)
                    return writeFailed(out);
                summary->tables.insert(table.name, {sum.rows(), sum.exact(), sum.portable()});
                trailer.insert(table.name,
                    QJsonObject {{QStringLiteral("rows"), sum.rows()},
                        {QStringLiteral("checksum"), sum.exact()},
                        {QStringLiteral("portable_checksum"), sum.portable()}});
            }
            if (!writeLine(out, {{QStringLiteral("end"), true}, {QStringLiteral("tables"), trailer}}))
                return writeFailed(out);
            return {};
        };
        const DbError error = work();
        connection.rollback(); // read only: nothing to keep
        return error;
    });
}

} // namespace thetool::db
