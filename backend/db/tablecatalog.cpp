#include "backend/db/tablecatalog.h"

#include <QSqlQuery>

#include "backend/db/database.h"

namespace thetool::db {

namespace {

ColumnKind postgresKind(const QString &dataType)
{
    if (dataType == QLatin1String("integer") || dataType == QLatin1String("bigint")
        || dataType == QLatin1String("smallint"))
        return ColumnKind::Integer;
    if (dataType == QLatin1String("real"))
        return ColumnKind::Real;
    if (dataType == QLatin1String("double precision") || dataType == QLatin1String("numeric"))
        return ColumnKind::Double;
    if (dataType == QLatin1String("boolean"))
        return ColumnKind::Boolean;
    if (dataType.startsWith(QLatin1String("timestamp")))
        return ColumnKind::Timestamp;
    if (dataType == QLatin1String("date"))
        return ColumnKind::Date;
    if (dataType == QLatin1String("bytea"))
        return ColumnKind::Blob;
    return ColumnKind::Text;
}

// SQLite's type affinity rules (https://sqlite.org/datatype3.html §3.1), reduced to kinds.
ColumnKind sqliteKind(const QString &declared)
{
    const QString type = declared.toUpper();
    if (type.contains(QLatin1String("INT")))
        return ColumnKind::Integer;
    if (type.contains(QLatin1String("CHAR")) || type.contains(QLatin1String("CLOB"))
        || type.contains(QLatin1String("TEXT")))
        return ColumnKind::Text;
    if (type.contains(QLatin1String("BLOB")) || type.isEmpty())
        return ColumnKind::Blob;
    if (type.contains(QLatin1String("REAL")) || type.contains(QLatin1String("FLOA"))
        || type.contains(QLatin1String("DOUB")))
        return ColumnKind::Double; // SQLite's REAL is 8 bytes
    return ColumnKind::Text;
}

DbError readPostgres(Database &database, QSqlDatabase &connection, QList<TableInfo> *tables)
{
    QSqlQuery query(connection);
    if (DbError e = database.exec(query,
            QStringLiteral("SELECT c.table_name, c.column_name, c.data_type, "
                           "COALESCE(c.column_default LIKE 'nextval(%', FALSE) "
                           "FROM information_schema.columns c JOIN information_schema.tables t "
                           "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                           "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
                           "ORDER BY c.table_name, c.ordinal_position")))
        return e;
    while (query.next()) {
        const QString table = query.value(0).toString();
        if (TableCatalog::isExcluded(table))
            continue;
        if (tables->isEmpty() || tables->last().name != table)
            tables->append(TableInfo {table, {}, {}});
        ColumnInfo column;
        column.name = query.value(1).toString();
        column.declaredType = query.value(2).toString();
        column.kind = postgresKind(column.declaredType);
        column.serial = query.value(3).toBool();
        tables->last().columns.append(column);
    }
    QSqlQuery fk(connection);
    if (DbError e = database.exec(fk,
            QStringLiteral(
                "SELECT DISTINCT cl.relname, pcl.relname FROM pg_constraint con "
                "JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_class pcl ON pcl.oid = con.confrelid "
                "JOIN pg_namespace n ON n.oid = cl.relnamespace "
                "WHERE con.contype = 'f' AND n.nspname = current_schema()")))
        return e;
    while (fk.next()) {
        for (TableInfo &t : *tables) {
            if (t.name == fk.value(0).toString())
                t.parents.append(fk.value(1).toString());
        }
    }
    return {};
}

DbError readSqlite(Database &database, QSqlDatabase &connection, QList<TableInfo> *tables)
{
    QSqlQuery query(connection);
    if (DbError e = database.exec(query,
            QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                           "ORDER BY name")))
        return e;
    while (query.next()) {
        if (!TableCatalog::isExcluded(query.value(0).toString()))
            tables->append(TableInfo {query.value(0).toString(), {}, {}});
    }
    for (TableInfo &table : *tables) {
        // PRAGMA arguments cannot be bound; the name comes from sqlite_master, quoted.
        QSqlQuery columns(connection);
        if (DbError e = database.exec(
                columns, QStringLiteral("PRAGMA table_info(%1)").arg(TableCatalog::quoted(table.name))))
            return e;
        while (columns.next()) {
            ColumnInfo column;
            column.name = columns.value(1).toString();
            column.declaredType = columns.value(2).toString();
            column.kind = sqliteKind(column.declaredType);
            table.columns.append(column);
        }
        QSqlQuery fk(connection);
        if (DbError e = database.exec(
                fk, QStringLiteral("PRAGMA foreign_key_list(%1)").arg(TableCatalog::quoted(table.name))))
            return e;
        while (fk.next()) {
            if (!table.parents.contains(fk.value(2).toString()))
                table.parents.append(fk.value(2).toString());
        }
    }
    return {};
}

// Parents first; a cycle (none in TheTool's schema) keeps the remaining tables by name.
QList<TableInfo> dependencyOrder(QList<TableInfo> tables)
{
    QList<TableInfo> ordered;
    QStringList placed;
    while (!tables.isEmpty()) {
        bool progress = false;
        for (qsizetype i = 0; i < tables.size(); ++i) {
            bool ready = true;
            for (const QString &parent : std::as_const(tables.at(i).parents)) {
                if (parent != tables.at(i).name && !placed.contains(parent))
                    ready = false;
            }
            if (ready) {
                placed.append(tables.at(i).name);
                ordered.append(tables.takeAt(i));
                progress = true;
                break;
            }
        }
        if (!progress) {
            ordered.append(tables);
            break;
        }
    }
    return ordered;
}

} // namespace

QStringList TableInfo::columnNames() const
{
    QStringList names;
    for (const ColumnInfo &c : columns)
        names.append(c.name);
    return names;
}

const ColumnInfo *TableInfo::column(const QString &columnName) const
{
    for (const ColumnInfo &c : columns) {
        if (c.name == columnName)
            return &c;
    }
    return nullptr;
}

bool TableCatalog::isExcluded(const QString &table)
{
    // job_counts is derived: the triggers on analysis_jobs rebuild it as an import inserts jobs.
    return table == QLatin1String("schema_migrations") || table == QLatin1String("job_counts")
        || table.startsWith(QLatin1String("sqlite_"));
}

QString TableCatalog::quoted(const QString &identifier)
{
    QString escaped = identifier;
    escaped.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString TableCatalog::selectExpression(Dialect dialect, const ColumnInfo &column)
{
    const QString name = quoted(column.name);
    if (dialect != Dialect::Postgres)
        return name;
    if (column.kind == ColumnKind::Timestamp)
        return QStringLiteral("to_char(%1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
            .arg(name);
    if (column.kind == ColumnKind::Date)
        return QStringLiteral("to_char(%1, 'YYYY-MM-DD')").arg(name);
    if (column.kind == ColumnKind::Text)
        return name + QStringLiteral("::text");
    return name;
}

DbError TableCatalog::read(Database &database, QSqlDatabase &connection, QList<TableInfo> *out)
{
    QList<TableInfo> tables;
    const DbError e = database.dialect() == Dialect::Postgres ? readPostgres(database, connection, &tables)
                                                              : readSqlite(database, connection, &tables);
    if (e)
        return e;
    *out = dependencyOrder(std::move(tables));
    return {};
}

} // namespace thetool::db
