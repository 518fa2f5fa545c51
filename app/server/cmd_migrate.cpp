#include "app/server/cmd_migrate.h"

#include <QTextStream>

#include "app/server/command.h"
#include "backend/db/database.h"
#include "backend/db/databaseoptions.h"
#include "backend/db/migrationrunner.h"

namespace thetool::app {

namespace {

using db::DbError;

int exitCodeFor(const DbError &error)
{
    return error.kind == DbError::Kind::Config ? ExitUsage : ExitFailure;
}

QString versionLabel(int version)
{
    return version == 0 ? QStringLiteral("none") : QStringLiteral("%1").arg(version, 4, 10, QLatin1Char('0'));
}

void printStatus(QTextStream &out, const db::Database &database, const db::MigrationStatus &status)
{
    out << "database:    " << database.describe() << '\n';
    out << "bundled:     " << status.bundled.size() << " (latest " << versionLabel(status.bundledLatest)
        << ")\n";
    out << "applied:     " << status.applied.size() << " (latest " << versionLabel(status.appliedLatest);
    if (status.appliedLatest > 0)
        out << ", minimum compatible " << versionLabel(status.schemaMinCompatible);
    out << ")\n";
    QStringList pending;
    for (int version : status.pending)
        pending.append(versionLabel(version));
    out << "pending:     "
        << (pending.isEmpty() ? QStringLiteral("none") : pending.join(QStringLiteral(", "))) << '\n';
    if (status.v8Found)
        out << "v8 database: found (db_version " << status.v8Version
            << "): `thetool migrate` or `thetool serve` adopts it in place; back it up first "
               "(docs/MIGRATING.md)\n";
    out << "compatible:  "
        << (status.problem.ok() ? QStringLiteral("yes") : QStringLiteral("no: ") + status.problem.message)
        << '\n';
    for (const db::Migration &m : status.bundled) {
        const auto it = std::find_if(status.applied.cbegin(), status.applied.cend(),
            [&m](const db::AppliedMigration &a) { return a.version == m.version; });
        out << "  " << m.label().leftJustified(32)
            << (it == status.applied.cend() ? QStringLiteral("pending")
                                            : QStringLiteral("applied ") + it->appliedAt)
            << '\n';
    }
    for (const db::AppliedMigration &a : status.applied) {
        if (a.version > status.bundledLatest)
            out << "  " << QStringLiteral("%1_%2").arg(versionLabel(a.version), a.name).leftJustified(32)
                << "applied " << a.appliedAt << " (newer than this binary)\n";
    }
}

} // namespace

int runMigrate(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    bool statusOnly = false;
    for (const QString &arg : args) {
        if (arg == QLatin1String("--status")) {
            statusOnly = true;
        } else if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            out << "Usage: thetool migrate [--status]\n\n"
                   "Applies the bundled database migrations (PostgreSQL when DATABASE_URL is set,\n"
                   "else SQLite at DATA_PATH/thetool.db). --status shows bundled, applied and pending\n"
                   "versions and whether this binary can run on the schema, and changes nothing.\n";
            return ExitOk;
        } else {
            err << "thetool migrate: unknown option '" << arg << "' (try --help)\n";
            return ExitUsage;
        }
    }

    DbError error;
    std::unique_ptr<db::Database> database =
        db::Database::create(db::databaseOptionsFromEnvironment(), &error);
    if (!database) {
        err << "thetool migrate: " << error.message << '\n';
        return exitCodeFor(error);
    }
    QString loadError;
    const QList<db::Migration> migrations = db::Migration::bundled(database->dialect(), &loadError);
    if (!loadError.isEmpty()) {
        err << "thetool migrate: " << loadError << '\n';
        return ExitFailure;
    }
    db::MigrationRunner runner(*database, migrations);

    if (statusOnly) {
        db::MigrationStatus status;
        error = runner.status(&status);
        if (error) {
            err << "thetool migrate: " << error.message << '\n';
            return exitCodeFor(error);
        }
        printStatus(out, *database, status);
        return status.problem.ok() ? ExitOk : ExitFailure;
    }

    QList<int> applied;
    error = runner.migrate(&applied);
    if (error) {
        err << "thetool migrate: " << error.message << '\n';
        return exitCodeFor(error);
    }
    out << "migrated " << database->describe() << ": " << applied.size() << " applied now\n";
    return ExitOk;
}

} // namespace thetool::app
