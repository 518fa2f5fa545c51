// `thetool-console`: the desktop console. A composition root only.
#include <QApplication>
#include <QCommandLineParser>
#include <QPalette>
#include <QStyle>
#include <QTextStream>

#include "client/api/apiclient.h"
#include "client/local/connectionmanager.h"
#include "client/local/connectionprofile.h"
#include "client/local/embeddedserver.h"
#include "client/local/profilestore.h"
#include "client/local/secretstore.h"
#include "client/local/settings.h"
#include "thetool_buildinfo.h"
#include "ui/common/clientopsapi.h"
#include "ui/connection/connectionui.h"
#include "ui/dashboard/historystore.h"
#include "ui/mainwindow.h"
#include "ui/operationsscreens.h"

namespace {

const char *const helpText =
    "Usage: thetool-console [options]\n\n"
    "TheTool desktop console: analyses, jobs, logs and database administration for an\n"
    "embedded local server or remote deployments.\n\n"
    "Options:\n"
    "  --profile NAME         Connect with the saved connection NAME (default: the last one)\n"
    "  --url URL              Connect to URL for this run only; the API key comes from\n"
    "                         the THETOOL_API_KEY environment variable\n"
    "  --palette light|dark   Force a light or dark palette (for screenshots)\n"
    "  --version              Print the version and exit\n"
    "  --help                 Print this help and exit\n"
    "  Qt options (-platform, -style, ...) are accepted as usual.\n";

bool hasFlag(int argc, char *argv[], const char *flag)
{
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], flag) == 0)
            return true;
    return false;
}

// Qt 6.4 has no colour-scheme API: a palette (on Fusion, which honours it fully) does it.
QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48);
    const QColor base(30, 30, 32);
    const QColor text(230, 230, 230);
    const QColor disabled(128, 128, 128);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(90, 160, 255));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
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

    QTextStream err(stderr);
    QCommandLineParser parser;
    const QCommandLineOption profileOption(QStringLiteral("profile"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption urlOption(QStringLiteral("url"), QString(), QStringLiteral("URL"));
    const QCommandLineOption paletteOption(
        QStringLiteral("palette"), QString(), QStringLiteral("light|dark"));
    parser.addOptions({profileOption, urlOption, paletteOption});
    if (!parser.parse(QApplication::arguments())) {
        err << "thetool-console: " << parser.errorText() << "\n" << helpText;
        return 2;
    }
    if (parser.isSet(paletteOption)) {
        const QString palette = parser.value(paletteOption);
        if (palette != QLatin1String("light") && palette != QLatin1String("dark")) {
            err << "thetool-console: --palette takes light or dark, not '" << palette << "'\n";
            return 2;
        }
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(
            palette == QLatin1String("dark") ? darkPalette() : QApplication::style()->standardPalette());
    }
    QUrl url;
    if (parser.isSet(urlOption)) {
        url = QUrl(parser.value(urlOption));
        if (const QString problem = thetool::client::ConnectionProfile::urlProblem(url); !problem.isEmpty()) {
            err << "thetool-console: --url: " << problem << '\n';
            return 2;
        }
    }

    thetool::client::Settings settings;
    thetool::client::SecretStore secrets;
    thetool::client::ProfileStore profiles(settings, secrets);
    thetool::client::EmbeddedServer::Options embeddedOptions;
    embeddedOptions.port = settings.embeddedPort();
    thetool::client::EmbeddedServer embedded(embeddedOptions);
    thetool::client::ConnectionManager connections(profiles, embedded);

    // Declared before the window: the screens it will own call through these until they go.
    thetool::client::ApiClient api;
    thetool::ui::ClientOpsApi opsApi(api);
    thetool::ui::MainWindow window;
    new thetool::ui::ConnectionUi(window, profiles, secrets, connections, embedded); // owned by the window
    window.restoreGeometry(settings.windowGeometry());

    // One ApiClient for whatever the connection manager points at; the screens are made per
    // profile (each keeps its own dashboard history) once that profile first answers.
    QString screensProfile;
    QObject::connect(&connections, &thetool::client::ConnectionManager::endpointChanged, &window,
        [&](const thetool::client::Endpoint &endpoint) {
            if (!endpoint.isConnected())
                return; // starting or restarting: the screens keep showing the last state
            api.setServer(endpoint.url, endpoint.apiKey);
            if (endpoint.profileName == screensProfile)
                return;
            screensProfile = endpoint.profileName;
            window.showOperations(new thetool::ui::OperationsScreens(
                opsApi, endpoint.profileName, thetool::ui::HistoryStore::defaultPath()));
        });

    if (url.isValid() && !url.isEmpty()) {
        connections.activateTransient(url, qEnvironmentVariable("THETOOL_API_KEY"));
    } else {
        const QString name =
            parser.isSet(profileOption) ? parser.value(profileOption) : profiles.lastProfile();
        if (const thetool::client::LocalError error = connections.activate(name)) {
            err << "thetool-console: --profile: " << error.message << '\n';
            return 2;
        }
    }
    QObject::connect(&app, &QApplication::aboutToQuit, &app, [&] {
        settings.setWindowGeometry(window.saveGeometry());
        settings.sync();
        embedded.stop(); // SIGTERM and wait: queued jobs resume at the next start
    });
    window.show();
    return QApplication::exec();
}
