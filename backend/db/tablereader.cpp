#include "backend/db/tablereader.h"

#include <QSqlQuery>

#include "backend/db/database.h"
#include "backend/db/portablevalue.h"

namespace thetool::db {

DbError TableReader::read(Database &database, QSqlDatabase &connection, const TableInfo &table,
    const QStringList &columns, const RowFn &onRow)
{
    const QStringList wanted = columns.isEmpty() ? table.columnNames() : columns;
    QStringList expressions;
    for (const QString &name : wanted) {
        const ColumnInfo *column = table.column(name);
        if (!column)
            return DbError::make(
                DbError::Kind::Other, QStringLiteral("table %1 has no column %2").arg(table.name, name));
        expressions.append(TableCatalog::selectExpression(database.dialect(), *column));
    }
    QSqlQuery query(connection);
    query.setForwardOnly(true);
    // Identifiers come from the catalog, quoted; no value is spliced in.
    const QString sql = QStringLiteral("SELECT %1 FROM %2")
                            .arg(expressions.join(QStringLiteral(", ")), TableCatalog::quoted(table.name));
    if (DbError e = database.exec(query, sql, Database::Deadline::None))
        return e;
    const int count = static_cast<int>(wanted.size());
    while (query.next()) {
        QJsonArray row;
        for (int i = 0; i < count; ++i)
            row.append(PortableValue::fromSql(query.value(i)));
        onRow(row);
    }
    return {};
}

} // namespace thetool::db
