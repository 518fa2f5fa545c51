#pragma once

#include <QString>
#include <QStringList>

namespace thetool::app {

// Exit codes shared by every subcommand.
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1, // the work itself failed (I/O, database, ...)
    ExitUsage = 2, // bad arguments or bad input
};

// One `thetool <name>` subcommand. `run` gets the arguments after the name.
struct Command {
    QString name;
    QString summary;
    int (*run)(const QStringList &args);
};

// Every subcommand this build has; `thetool --help` lists them in this order.
const QList<Command> &commands();

} // namespace thetool::app
