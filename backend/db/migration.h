#pragma once

#include <QList>
#include <QString>

#include "backend/db/dberror.h"

namespace thetool::db {

// One numbered SQL file, `NNNN_name.sql`. Header comment lines may carry markers:
//   -- no-transaction      run outside a transaction (SQLite table rebuilds)
//   -- min-compatible: N   the oldest schema version a binary must know to run on the
//                          schema this migration leaves (raised by contract migrations;
//                          defaults to the previous migration's value, 1 for the first)
struct Migration {
    int version = 0;
    QString name; // "initial_schema"
    QString fileName; // "0001_initial_schema.sql"
    QString sql;
    QString checksum; // SHA-256 hex of the text with line endings normalised to \n
    bool transactional = true;
    int minCompatible = 0; // 0: not given in the file

    QString label() const; // "0001_initial_schema"

    // Parses a file's name and text; false with `error` set when the name is not NNNN_name.sql.
    static bool fromFile(const QString &fileName, const QString &text, Migration *out, QString *error);
    // The files compiled in as resources (:/migrations/postgres or :/migrations/sqlite),
    // sorted by version, with minCompatible resolved. A duplicate version is an error.
    static QList<Migration> bundled(Dialect dialect, QString *error = nullptr);
    // Sorts, fills in minCompatible defaults and refuses duplicate versions.
    static bool normalise(QList<Migration> &migrations, QString *error);
};

} // namespace thetool::db
