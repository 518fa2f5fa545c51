#include "app/server/cmd_serve.h"

#include <QTextStream>

#include <csignal>

#include "app/server/command.h"
#include "backend/config/configloader.h"
#include "backend/log/logger.h"
#include "backend/server/serverapp.h"

namespace thetool::app {

namespace {

const char *const usage = "Usage: thetool serve [--env-file FILE] [--embedded]\n\n"
                          "Runs the HTTP API server in the foreground until SIGTERM or SIGINT.\n"
                          "Configuration comes from the environment (see `thetool config`); --env-file\n"
                          "and ./.env fill in variables the environment does not set.\n\n"
                          "  --env-file FILE  read KEY=VALUE lines from FILE\n"
                          "  --embedded       run as the console's local server (loopback, development)\n";

} // namespace

int runServe(const QStringList &args)
{
    QTextStream err(stderr);
    QString envFile;
    bool embedded = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            QTextStream(stdout) << usage;
            return ExitOk;
        } else if (arg == QLatin1String("--env-file") && i + 1 < args.size()) {
            envFile = args.at(++i);
        } else if (arg == QLatin1String("--embedded")) {
            embedded = true;
        } else {
            err << "thetool serve: unexpected argument '" << arg << "'\n" << usage;
            return ExitUsage;
        }
    }
    config::LoadResult loaded = config::loadConfigFromProcess(envFile);
    if (!loaded.ok()) {
        err << "thetool serve: " << loaded.error << '\n';
        return ExitUsage;
    }
    config::Config configuration = loaded.config;
    if (embedded) {
        configuration.embedded = true;
        configuration.bindAddress = QStringLiteral("127.0.0.1"); // never reachable from the network
    }
    log::Level level = log::Level::Info;
    log::parseLevel(configuration.logLevel, &level);
    log::Logger logger({level,
                           configuration.logFormat == QLatin1String("text") ? log::Logger::Format::Text
                                                                            : log::Logger::Format::Json,
                           8192, 5000},
        log::Logger::stdoutSink());
    log::installQtMessageHandler(&logger);
    // Past a file size limit (RLIMIT_FSIZE) a write must fail (the database reports it as
    // storage full, 507) instead of the default SIGXFSZ ending the whole server.
    std::signal(SIGXFSZ, SIG_IGN);
    const int code = server::ServerApp(configuration, logger).run();
    logger.flush();
    log::installQtMessageHandler(nullptr);
    return code;
}

} // namespace thetool::app
