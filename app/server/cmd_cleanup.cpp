#include "app/server/cmd_cleanup.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include "app/server/command.h"
#include "backend/config/configloader.h"
#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "backend/ops/cleanup.h"

namespace thetool::app {

int runCleanup(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Deletes what the server's scheduled cleanup deletes, in small batches, from the database of\n"
        "DATABASE_URL (else SQLite at DATA_PATH/thetool.db): finished jobs (completed, failed,\n"
        "cancelled) older than CLEANUP_DAYS, with their log lines, job events and dead worker rows;\n"
        "analysis results only when RESULTS_RETENTION_DAYS is set; provider price bars only when\n"
        "PRICE_BARS_RETENTION_DAYS is set. Queued and processing jobs are never deleted. An\n"
        "admin_audit row records the run."));
    parser.addHelpOption();
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
        QStringLiteral("Count what would be deleted, per table and job state; change nothing."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
        QStringLiteral("Print the report as JSON (as POST /api/admin/db/cleanup answers)."));
    const QCommandLineOption envFileOption(QStringLiteral("env-file"),
        QStringLiteral("Read KEY=VALUE lines from FILE (the environment wins)."), QStringLiteral("FILE"));
    parser.addOptions({dryRunOption, jsonOption, envFileOption});
    if (const auto done = parseCommandLine(parser, QStringLiteral("cleanup"), args))
        return *done;
    const bool dryRun = parser.isSet(dryRunOption);
    const bool json = parser.isSet(jsonOption);
    const QString envFile = parser.value(envFileOption);
    const config::LoadResult loaded = config::loadConfigFromProcess(envFile);
    if (!loaded.ok()) {
        err << "thetool cleanup: " << loaded.error << '\n';
        return ExitUsage;
    }
    const config::Config &c = loaded.config;
    db::DatabaseOptions dbOptions;
    dbOptions.url = c.databaseUrl;
    dbOptions.dataPath = c.dataPath;
    dbOptions.statementTimeoutMs = c.statementTimeoutMs;
    db::DbError error;
    std::unique_ptr<db::Database> database = db::Database::create(dbOptions, &error);
    if (!database) {
        err << "thetool cleanup: " << error.message << '\n';
        return error.kind == db::DbError::Kind::Config ? ExitUsage : ExitFailure;
    }
    if ((error = db::MigrationRunner(*database, db::Migration::bundled(database->dialect())).migrate())) {
        err << "thetool cleanup: database migrations failed: " << error.message << '\n';
        return ExitFailure;
    }
    ops::CleanupPolicy policy;
    policy.cleanupDays = c.cleanupDays;
    policy.resultsRetentionDays = c.resultsRetentionDays;
    policy.priceBarsRetentionDays = c.priceBarsRetentionDays;
    ops::Cleanup cleanup(*database, policy);
    ops::CleanupReport report;
    if (dryRun) {
        error = cleanup.preview(&report);
    } else {
        bool acquired = false;
        if (!(error = cleanup.tryLock(&acquired)) && !acquired) {
            err << "thetool cleanup: another cleanup is running (a server's scheduler); try again later\n";
            return ExitFailure;
        }
        if (!error)
            error = cleanup.run(&report);
        cleanup.unlock();
    }
    if (!error)
        error = ops::recordCleanupAudit(*database, report,
            QStringLiteral("cli:") + qEnvironmentVariable("USER", QStringLiteral("unknown")));
    if (error) {
        err << "thetool cleanup: " << error.message << '\n';
        return ExitFailure;
    }
    if (json)
        out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
    else
        out << "cleanup of " << database->describe() << '\n' << report.toText();
    database->releaseThreadConnection();
    return ExitOk;
}

} // namespace thetool::app
