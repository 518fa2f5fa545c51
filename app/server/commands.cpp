#include "app/server/command.h"

#include "app/server/cmd_config.h"
#include "app/server/analysiscommands.h"

namespace thetool::app {

// Every subcommand, in the order `thetool --help` lists them. Nothing is listed
// before it works: no placeholders.
const QList<Command> &commands()
{
    static const QList<Command> all = {
        {QStringLiteral("indicators"), QStringLiteral("Per-bar indicator series of a CSV file (CSV or JSON)"),
            &runIndicators},
        {QStringLiteral("analyze"),
            QStringLiteral("Analyse a CSV file's bars with a strategy; the result as JSON"), &runAnalyze},
        {QStringLiteral("backtest"),
            QStringLiteral("Backtest a strategy on a CSV file's bars; trades and metrics as JSON"),
            &runBacktest},
        {QStringLiteral("config"), QStringLiteral("List the environment variables, or --check them"),
            runConfig},
    };
    return all;
}

} // namespace thetool::app
