#include "app/server/command.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include "app/server/analysiscommands.h"
#include "app/server/cmd_apikey.h"
#include "app/server/cmd_cleanup.h"
#include "app/server/cmd_config.h"
#include "app/server/cmd_db.h"
#include "app/server/cmd_migrate.h"
#include "app/server/cmd_routes.h"
#include "app/server/cmd_serve.h"
#include "app/server/marketcommands.h"

namespace thetool::app {

std::optional<int> parseCommandLine(
    QCommandLineParser &parser, const QString &command, const QStringList &args)
{
    const QString name = QStringLiteral("thetool ") + command;
    if (!parser.parse(QStringList {name} + args)) {
        QTextStream(stderr) << name << ": " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText().replace(QCoreApplication::arguments().constFirst(), name);
        return ExitOk;
    }
    return std::nullopt;
}

// Every subcommand, in the order `thetool --help` lists them. Nothing is listed
// before it works: no placeholders.
const QList<Command> &commands()
{
    static const QList<Command> all = {
        {QStringLiteral("serve"), QStringLiteral("Run the HTTP API server (configured by the environment)"),
            &runServe},
        {QStringLiteral("migrate"), QStringLiteral("Apply database migrations (--status: show them)"),
            &runMigrate},
        {QStringLiteral("api-key"),
            QStringLiteral("Create, list or revoke API keys (create --name N --scopes read,...)"),
            &runApiKey},
        {QStringLiteral("analyze"),
            QStringLiteral("Analyse a CSV file's or a ticker's bars with a strategy; the result as JSON"),
            &runAnalyze},
        {QStringLiteral("indicators"), QStringLiteral("Per-bar indicator series of a CSV file (CSV or JSON)"),
            &runIndicators},
        {QStringLiteral("backtest"),
            QStringLiteral("Backtest a strategy on a CSV file's bars; trades and metrics as JSON"),
            &runBacktest},
        {QStringLiteral("config"), QStringLiteral("List the environment variables, or --check them"),
            &runConfig},
        {QStringLiteral("import-csv"), QStringLiteral("Import a CSV file of daily bars into the database"),
            &runImportCsv},
        {QStringLiteral("bars"), QStringLiteral("A symbol's daily bars as CSV (stored, fetched or --demo)"),
            &runBars},
        {QStringLiteral("db"),
            QStringLiteral("Export, import (into an empty database) or checksum the database's tables"),
            &runDb},
        {QStringLiteral("routes"), QStringLiteral("List the HTTP API's routes and their scopes (--json)"),
            &runRoutes},
        {QStringLiteral("cleanup"),
            QStringLiteral("Delete old finished jobs and their logs (--dry-run: list what would go)"),
            &runCleanup},
    };
    return all;
}

} // namespace thetool::app
