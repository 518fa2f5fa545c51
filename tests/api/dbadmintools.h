#pragma once

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QStringList>
#include <QVariantList>

#include "tests/support/testenv.h"

// Helpers of tst_dbadmin: `thetool` runs on a given database, checksums, and seed rows.
namespace thetool::test::dbadmin {

// `$THETOOL_BIN ARGS` with `env`: exit code (-1 on timeout); stdout + stderr to `out`.
int runThetool(const QProcessEnvironment &env, const QStringList &args, QByteArray *out = nullptr);
// The environment selecting SQLite in `dataPath`, or the PostgreSQL test database.
QProcessEnvironment sqliteEnv(const QString &dataPath);
QProcessEnvironment pgEnv(const PgTestDatabase &pg);
// table → {"rows", "checksum", "portable_checksum"} from `thetool db checksum --json`, or
// {"error": output}.
QJsonObject checksums(const QProcessEnvironment &env);
// One field of every table: {"table": value}, without the tables in `skip`.
QJsonObject field(const QJsonObject &sums, const QString &name, const QStringList &skip = {});
qint64 tableRows(const QJsonObject &sums, const QString &table);
// A prepared statement with bound values; false (and a warning) on an error.
bool exec(QSqlDatabase &db, const QString &sql, const QVariantList &binds);
// Rows in every table with awkward values (see the definition).
bool seed(QSqlDatabase &db);

} // namespace thetool::test::dbadmin
