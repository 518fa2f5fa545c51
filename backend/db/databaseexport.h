#pragma once

#include <QMap>
#include <QString>

#include "backend/db/dberror.h"
#include "backend/db/tablechecksum.h"

class QIODevice;
class QSqlDatabase;

namespace thetool::db {

class Database;

// TheTool's portable export: one file for both engines, JSON lines (docs/API.md describes it):
//   {"format":"thetool-export","format_version":1,"engine":..,"schema_version":N,
//    "thetool_version":..,"created_at":..,"tables":[{"name":..,"columns":[..]},..]}
//   {"t":"<table>","r":[values in the header's column order]}      one line per row
//   {"end":true,"tables":{"<table>":{"rows":N,"checksum":..,"portable_checksum":..}}}
// Tables come parents first, so an import inserts in file order; values are PortableValue's.
// The trailer makes a truncated file detectable and lets an import verify what it stored.
class DatabaseExport
{
public:
    static constexpr int formatVersion = 1;
    static QString formatName() { return QStringLiteral("thetool-export"); }

    struct Summary {
        int schemaVersion = 0;
        QMap<QString, TableChecksum::Result> tables;
    };
    // Writes a consistent snapshot (one read transaction) of every table to `out`.
    static DbError write(Database &database, QIODevice &out, const QString &thetoolVersion, Summary *summary);
    // MAX(version) of schema_migrations; 0 when the table is missing or empty.
    static DbError schemaVersion(Database &database, QSqlDatabase &connection, int *version);
};

} // namespace thetool::db
