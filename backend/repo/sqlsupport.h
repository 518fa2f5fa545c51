#pragma once

#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <functional>

#include "backend/db/database.h"

// Helpers shared by the repositories: every statement is prepared and its values bound,
// never spliced into the SQL text (DESIGN.md "Security").
namespace thetool::repo {

// A bind value for an optional text: a null QString becomes SQL NULL (a QVariant holding a
// null QString is not null in Qt 6 and would be bound as '').
QVariant text(const QString &value);
// Optional integers: nullopt-like by a flag.
QVariant nullableInt(bool present, qint64 value);

// A timestamp column as ISO 8601 UTC with milliseconds ("2026-01-31T09:15:00.000Z"), or a
// null QString. PostgreSQL hands back a QDateTime, SQLite the stored text.
QString timestampText(const QVariant &value);
// The current time in the same format (bound where the application decides the time).
QString nowText();
// SQL for "now" in the column format of `dialect` (UTC text on SQLite).
QString nowSql(db::Dialect dialect);

// Prepares `sql`, binds `binds` in order, executes; calls `onRow` for each result row.
db::DbError execBound(db::Database &database, QSqlQuery &query, const QString &sql, const QVariantList &binds,
    const std::function<void(const QSqlQuery &)> &onRow = {});

// One statement in its own run(): reads use Retry::Idempotent.
db::DbError runBound(db::Database &database, const QString &sql, const QVariantList &binds,
    const std::function<void(const QSqlQuery &)> &onRow = {},
    db::Database::Retry retry = db::Database::Retry::No);

// Runs `work` in one transaction on the thread's connection; rolled back when it fails.
db::DbError inTransaction(db::Database &database, const std::function<db::DbError(QSqlQuery &)> &work);

} // namespace thetool::repo
