#include "app/server/command.h"

namespace thetool::app {

// Subcommands register here as their issues land (serve, migrate, analyze, ...).
// Nothing is listed before it works: no placeholders.
const QList<Command> &commands()
{
    static const QList<Command> all = {};
    return all;
}

} // namespace thetool::app
