#include "app/server/command.h"

#include "app/server/analysiscommands.h"
#include "app/server/cmd_apikey.h"
#include "app/server/cmd_config.h"
#include "app/server/cmd_migrate.h"
#include "app/server/cmd_serve.h"

namespace thetool::app {

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
            QStringLiteral("Analyse a CSV file's bars with a strategy; the result as JSON"), &runAnalyze},
        {QStringLiteral("indicators"), QStringLiteral("Per-bar indicator series of a CSV file (CSV or JSON)"),
            &runIndicators},
        {QStringLiteral("config"), QStringLiteral("List the environment variables, or --check them"),
            &runConfig},
    };
    return all;
}

} // namespace thetool::app
