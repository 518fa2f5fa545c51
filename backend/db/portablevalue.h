#pragma once

#include <QJsonValue>
#include <QVariant>

#include "backend/db/tablecatalog.h"

namespace thetool::db {

// One value in the engine-neutral form of an export (JSON): null, a boolean, an integer, a
// double, a string (timestamps as UTC ISO 8601 text, dates as YYYY-MM-DD), or
// {"base64": ...} for a blob. Non-finite doubles travel as "NaN", "Infinity", "-Infinity".
class PortableValue
{
public:
    enum class Precision {
        Exact, // same engine: doubles to the last bit, timestamps to the microsecond
        // Across engines: PostgreSQL's REAL is 4 bytes where SQLite's is 8, and SQLite keeps
        // timestamps to the millisecond; values compare at single precision and milliseconds.
        Portable,
    };

    // A value read from a column selected with TableCatalog::selectExpression.
    static QJsonValue fromSql(const QVariant &value);
    // The normalised text a checksum hashes (null stays null): booleans as 1/0, integral
    // numbers as integers, timestamps in one layout, so both engines' forms agree.
    static QJsonValue canonical(const QJsonValue &value, Precision precision);
    // What to bind when inserting `value` into `column` of a `dialect` database; false when
    // the value cannot go there (e.g. an object into a number column).
    static bool toBind(const QJsonValue &value, const ColumnInfo &column, Dialect dialect, QVariant *out);
    // "2026-01-31T09:15:00.123456Z" with 0-6 fraction digits: a timestamp in its portable form.
    static bool isTimestampText(const QString &text);
};

} // namespace thetool::db
