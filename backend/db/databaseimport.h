#pragma once

#include <QMap>
#include <QString>

#include "backend/db/dberror.h"

class QIODevice;

namespace thetool::db {

class Database;

// Loads a DatabaseExport file into an empty, migrated database of either engine, in one
// transaction: the target must know every table and column of the file (its schema version
// at least the file's) and hold no rows but what the migrations seed (the strategies);
// rows are converted to the target's column types, PostgreSQL sequences are moved past the
// imported ids, and every table's checksum is compared with the file's trailer before the
// transaction commits (exact for the same engine, portable across engines).
class DatabaseImport
{
public:
    enum class Outcome {
        Imported,
        BadFile, // not an export, truncated, corrupt, or does not fit this schema (usage error)
        NotEmpty, // the target already holds data
        Failed, // the database failed, or the imported rows do not match the file
    };
    struct Result {
        Outcome outcome = Outcome::Failed;
        QString message;
        QString sourceEngine;
        int schemaVersion = 0;
        QMap<QString, qint64> rows; // per table
        bool portableComparison = false; // checksums compared across engines
    };

    static Result run(Database &database, QIODevice &in);
    // Tables a freshly migrated database already fills (replaced by an import).
    static bool isSeeded(const QString &table);
};

} // namespace thetool::db
