#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "backend/db/dberror.h"

class QSqlDatabase;

namespace thetool::db {

class Database;

// How a column's values travel between engines. SQLite declares timestamps and dates as TEXT
// and booleans as INTEGER, so the kind is a property of one engine's schema; the portable
// value forms (portablevalue.h) make the two engines' values compare equal.
enum class ColumnKind { Integer, Real, Double, Boolean, Timestamp, Date, Text, Blob };

struct ColumnInfo {
    QString name;
    ColumnKind kind = ColumnKind::Text;
    QString declaredType;
    bool serial = false; // PostgreSQL: filled from a sequence (setval after an import)
};

struct TableInfo {
    QString name;
    QList<ColumnInfo> columns;
    QStringList parents; // tables its foreign keys point to

    QStringList columnNames() const;
    const ColumnInfo *column(const QString &name) const;
};

// TheTool's tables as the database describes them (PostgreSQL: the current schema; SQLite:
// the main file), schema_migrations and engine-internal tables excluded, ordered so that a
// table comes after the tables it references (an import inserts in this order).
class TableCatalog
{
public:
    static DbError read(Database &database, QSqlDatabase &connection, QList<TableInfo> *out);
    // Tables that are not data: the migration record (the schema version travels in headers)
    // and job_counts (kept by triggers from analysis_jobs).
    static bool isExcluded(const QString &table);
    static QString quoted(const QString &identifier);
    // The SELECT expression yielding the column's portable form (PostgreSQL timestamps as
    // UTC text with microseconds: QtSql's QDateTime would drop them).
    static QString selectExpression(Dialect dialect, const ColumnInfo &column);
};

} // namespace thetool::db
