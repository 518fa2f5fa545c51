#include "app/server/command.h"

#include "app/server/analysiscommands.h"

namespace thetool::app {

// Subcommands register here as their issues land (serve, migrate, analyze, ...).
// Nothing is listed before it works: no placeholders.
const QList<Command> &commands()
{
    static const QList<Command> all = {
        {QStringLiteral("indicators"), QStringLiteral("Per-bar indicator series of a CSV file (CSV or JSON)"),
            &runIndicators},
        {QStringLiteral("analyze"),
            QStringLiteral("Analyse a CSV file's bars with a strategy; the result as JSON"), &runAnalyze},
    };
    return all;
}

} // namespace thetool::app
