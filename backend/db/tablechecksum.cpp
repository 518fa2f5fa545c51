#include "backend/db/tablechecksum.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

#include <algorithm>
#include <numeric>

#include "backend/db/database.h"
#include "backend/db/tablereader.h"

namespace thetool::db {

TableChecksum::TableChecksum(const QStringList &columns)
{
    m_order.resize(columns.size());
    std::iota(m_order.begin(), m_order.end(), 0);
    std::sort(
        m_order.begin(), m_order.end(), [&columns](int a, int b) { return columns.at(a) < columns.at(b); });
}

void TableChecksum::addDigest(Lanes &lanes, const QJsonArray &canonicalRow)
{
    const QByteArray digest = QCryptographicHash::hash(
        QJsonDocument(canonicalRow).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256);
    lanes[0] += qFromBigEndian<quint64>(digest.constData());
    lanes[1] += qFromBigEndian<quint64>(digest.constData() + 8);
}

void TableChecksum::add(const QJsonArray &row)
{
    QJsonArray exact;
    QJsonArray portable;
    for (int index : std::as_const(m_order)) {
        const QJsonValue value = row.at(index);
        exact.append(PortableValue::canonical(value, PortableValue::Precision::Exact));
        portable.append(PortableValue::canonical(value, PortableValue::Precision::Portable));
    }
    addDigest(m_exact, exact);
    addDigest(m_portable, portable);
    ++m_rows;
}

QString TableChecksum::text(const Lanes &lanes) const
{
    return QStringLiteral("%1:%2%3")
        .arg(m_rows)
        .arg(lanes[0], 16, 16, QLatin1Char('0'))
        .arg(lanes[1], 16, 16, QLatin1Char('0'));
}

DbError TableChecksum::computeWith(Database &database, QSqlDatabase &connection, QMap<QString, Result> *out,
    const QMap<QString, QStringList> &columnsByTable)
{
    out->clear();
    QList<TableInfo> tables;
    if (DbError e = TableCatalog::read(database, connection, &tables))
        return e;
    for (const TableInfo &table : std::as_const(tables)) {
        const QStringList columns = columnsByTable.value(table.name, table.columnNames());
        TableChecksum sum(columns);
        if (DbError e = TableReader::read(
                database, connection, table, columns, [&sum](const QJsonArray &row) { sum.add(row); }))
            return e;
        out->insert(table.name, Result {sum.rows(), sum.exact(), sum.portable()});
    }
    return {};
}

DbError TableChecksum::computeAll(
    Database &database, QMap<QString, Result> *out, const QMap<QString, QStringList> &columnsByTable)
{
    return database.run(
        [&](QSqlDatabase &connection) -> DbError {
            // One snapshot of all tables; on PostgreSQL without the per-statement timeout (a
            // large table takes longer to read).
            if (!connection.transaction())
                return DbError::fromSqlError(connection.lastError(), database.dialect());
            DbError error;
            if (database.dialect() == Dialect::Postgres) {
                QSqlQuery setup(connection);
                error = database.exec(
                    setup, QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
                if (!error)
                    error = database.exec(setup, QStringLiteral("SET LOCAL statement_timeout = 0"));
            }
            if (!error)
                error = computeWith(database, connection, out, columnsByTable);
            connection.rollback();
            return error;
        },
        Database::Retry::Idempotent);
}

} // namespace thetool::db
