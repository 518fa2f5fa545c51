#pragma once

#include <QString>
#include <QStringList>

namespace thetool::db {

// Splits an SQL script into statements at top-level semicolons. QSQLITE executes one
// statement per exec, so migration files go through here. It respects:
//  - '...' strings ('' escapes), E'...' strings (backslash escapes), "..." identifiers;
//  - -- line comments and /* */ block comments (nested, as PostgreSQL allows);
//  - $$ ... $$ and $tag$ ... $tag$ bodies ($1 parameters are not quotes);
//  - BEGIN ... END bodies of CREATE TRIGGER / FUNCTION / PROCEDURE (CASE ... END inside
//    them counted too); a plain `BEGIN;` elsewhere is an ordinary statement.
// Statements come back trimmed, without the final ';'; comment-only pieces are dropped.
// An unterminated quote, comment or body is reported through `error` (the rest is then
// returned as one last statement so nothing is silently lost).
class SqlSplitter
{
public:
    static QStringList split(const QString &sql, QString *error = nullptr);
};

} // namespace thetool::db
