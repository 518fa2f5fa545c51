#pragma once

#include <QList>
#include <QString>

#include "backend/db/dberror.h"

namespace thetool::db {

class Database;

struct TableStats {
    QString name;
    qint64 rows = 0;
    bool estimated = false; // PostgreSQL's planner estimate (pg_class.reltuples), not a count
    qint64 bytes = -1; // table with its indexes; -1 when the engine cannot say
};

// What the database administration screen shows: engine, server version, size, tables.
class DatabaseStats
{
public:
    // Tables whose estimate is above this are not counted exactly (a count(*) scans them).
    static constexpr qint64 exactCountLimit = 100000;

    static DbError serverVersion(Database &database, QString *out);
    // The database's size in bytes (PostgreSQL: pg_database_size; SQLite: the file and its WAL).
    static DbError sizeBytes(Database &database, qint64 *out);
    static DbError tables(Database &database, QList<TableStats> *out);
};

} // namespace thetool::db
