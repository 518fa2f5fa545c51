#include "app/server/cmd_migrate.h"
#include "app/server/command.h"

namespace thetool::app {

// Subcommands register here as their issues land (serve, migrate, analyze, ...).
// Nothing is listed before it works: no placeholders.
const QList<Command> &commands()
{
    static const QList<Command> all = {
        {QStringLiteral("migrate"), QStringLiteral("apply database migrations (--status: show them)"),
            &runMigrate},
    };
    return all;
}

} // namespace thetool::app
