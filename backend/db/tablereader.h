#pragma once

#include <QJsonArray>
#include <QStringList>

#include <functional>

#include "backend/db/tablecatalog.h"

class QSqlDatabase;

namespace thetool::db {

class Database;

// Reads a table's rows as portable values (PortableValue::fromSql), forward only, so an export
// and a checksum see exactly the same values. Rows come in primary-key-free, engine order.
class TableReader
{
public:
    using RowFn = std::function<void(const QJsonArray &row)>;
    // `columns` (a subset of the table's, in the order wanted); empty: all of them.
    static DbError read(Database &database, QSqlDatabase &connection, const TableInfo &table,
        const QStringList &columns, const RowFn &onRow);
};

} // namespace thetool::db
