#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

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

// Parses `args` for `thetool <command>`: on a parse error prints one line to stderr and
// returns ExitUsage; on --help prints the help (naming the subcommand, not the binary's
// path) and returns ExitOk; otherwise nullopt, and the command goes on.
std::optional<int> parseCommandLine(
    QCommandLineParser &parser, const QString &command, const QStringList &args);

// Every subcommand this build has; `thetool --help` lists them in this order.
const QList<Command> &commands();

} // namespace thetool::app
