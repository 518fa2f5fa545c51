// `thetool`: the server and its command line. A composition root only: it parses the
// subcommand and hands over to it.
#include <QCoreApplication>
#include <QTextStream>

#include "app/server/command.h"
#include "backend/core/buildinfo.h"

namespace {

using thetool::app::commands;

void printHelp(QTextStream &out)
{
    out << "Usage: thetool <command> [options]\n"
           "       thetool --version | --help\n\n"
           "TheTool stock technical analysis: server and command line.\n\n";
    if (commands().isEmpty()) {
        out << "No subcommands are available in this build yet.\n";
    } else {
        out << "Commands:\n";
        for (const auto &command : commands())
            out << "  " << command.name.leftJustified(12) << command.summary << '\n';
        out << "\nRun `thetool <command> --help` for a command's options.\n";
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("thetool"));
    QCoreApplication::setApplicationVersion(thetool::core::versionWithRevision());

    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        printHelp(err);
        return thetool::app::ExitUsage;
    }
    const QString first = args.takeFirst();
    if (first == QLatin1String("--version") || first == QLatin1String("-V")) {
        out << "thetool " << thetool::core::versionWithRevision() << '\n';
        return thetool::app::ExitOk;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        printHelp(out);
        return thetool::app::ExitOk;
    }
    for (const auto &command : commands()) {
        if (command.name == first)
            return command.run(args);
    }
    err << "thetool: unknown command '" << first << "'. Run `thetool --help` for the list.\n";
    return thetool::app::ExitUsage;
}
