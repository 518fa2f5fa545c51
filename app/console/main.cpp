// `thetool-console`: the desktop console. A composition root only.
#include <QApplication>
#include <QTextStream>

#include "thetool_buildinfo.h"
#include "ui/mainwindow.h"

namespace {

const char *const helpText =
    "Usage: thetool-console [options]\n\n"
    "TheTool desktop console: analyses, jobs, logs and database administration for an\n"
    "embedded local server or remote deployments.\n\n"
    "Options:\n"
    "  --version   Print the version and exit\n"
    "  --help      Print this help and exit\n"
    "  Qt options (-platform, -style, ...) are accepted as usual.\n";

bool hasFlag(int argc, char *argv[], const char *flag)
{
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], flag) == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // --version and --help answer before QApplication so they work without a display.
    if (hasFlag(argc, argv, "--version")) {
        QTextStream(stdout) << "thetool-console " THETOOL_VERSION " (rev " THETOOL_GIT_REVISION ")\n";
        return 0;
    }
    if (hasFlag(argc, argv, "--help") || hasFlag(argc, argv, "-h")) {
        QTextStream(stdout) << helpText;
        return 0;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("thetool-console"));
    QApplication::setOrganizationName(QStringLiteral("TheTool"));
    QApplication::setApplicationVersion(QStringLiteral(THETOOL_VERSION));
    thetool::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
