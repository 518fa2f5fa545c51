#include "app/server/command.h"

#include "app/server/cmd_config.h"

namespace thetool::app {

// Every subcommand, in the order `thetool --help` lists them. Nothing is listed
// before it works: no placeholders.
const QList<Command> &commands()
{
    static const QList<Command> all = {
        {QStringLiteral("config"), QStringLiteral("List the environment variables, or --check them"),
            runConfig},
    };
    return all;
}

} // namespace thetool::app
