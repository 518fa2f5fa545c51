#include "app/server/cmd_routes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

#include "app/server/command.h"
#include "backend/config/configloader.h"
#include "backend/core/buildinfo.h"
#include "backend/http/router.h"
#include "backend/log/logger.h"
#include "backend/server/serverapp.h"

namespace thetool::app {

int runRoutes(const QStringList &args)
{
    QTextStream err(stderr);
    bool json = false;
    for (const QString &arg : args) {
        if (arg == QLatin1String("--json")) {
            json = true;
        } else if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            QTextStream(stdout)
                << "Usage: thetool routes [--json]\n\n"
                   "Lists the HTTP API's routes: method, path pattern, and whether the route is\n"
                   "public or which API key scope it needs. The table is built as `thetool serve`\n"
                   "builds it, on a throwaway SQLite database; nothing else is touched.\n";
            return ExitOk;
        } else {
            err << "thetool routes: unknown option '" << arg << "' (try --help)\n";
            return ExitUsage;
        }
    }
    // A private, throwaway server configuration: the route table does not depend on it.
    QTemporaryDir dir;
    if (!dir.isValid()) {
        err << "thetool routes: cannot create a temporary folder\n";
        return ExitFailure;
    }
    QByteArray key(24, Qt::Uninitialized);
    QRandomGenerator::system()->generate(key.begin(), key.end());
    qputenv("APP_ENV", "development");
    qputenv("MASTER_API_KEY", "tt_routes_" + key.toHex());
    config::LoadResult loaded = config::loadConfigFromProcess(QString());
    if (!loaded.ok()) {
        err << "thetool routes: " << loaded.error << '\n';
        return ExitUsage;
    }
    config::Config configuration = loaded.config;
    configuration.databaseUrl.clear();
    configuration.dataPath = dir.path();
    configuration.appEnv = QStringLiteral("development");
    configuration.masterApiKey = QStringLiteral("tt_routes_") + QString::fromLatin1(key.toHex());
    QByteArray logs;
    log::Logger logger({log::Level::Error, log::Logger::Format::Text, 1024, 1000},
        [&logs](const QByteArray &line) { logs += line; });

    QJsonArray routes;
    server::ServerApp app(configuration, logger);
    app.setRouteInspector([&routes](const http::Router &router) {
        for (const http::Route &route : router.routes()) {
            QJsonObject item {{QStringLiteral("method"), QString::fromLatin1(route.method)},
                {QStringLiteral("path"), route.pattern}, {QStringLiteral("public"), route.access.isPublic},
                {QStringLiteral("scope"),
                    route.access.isPublic ? QJsonValue()
                                          : QJsonValue(security::scopeName(route.access.scope))}};
            if (route.bodyLimit)
                item.insert(QStringLiteral("body_limit"), static_cast<qint64>(*route.bodyLimit));
            routes.append(item);
        }
    });
    log::installQtMessageHandler(&logger); // migration chatter of the throwaway database stays quiet
    const int code = app.run();
    logger.flush();
    log::installQtMessageHandler(nullptr);
    if (code != 0) {
        err << "thetool routes: the server could not be composed:\n" << QString::fromUtf8(logs);
        return ExitFailure;
    }
    QTextStream out(stdout);
    if (json) {
        out << QJsonDocument(
            QJsonObject {{QStringLiteral("version"), core::version()}, {QStringLiteral("routes"), routes}})
                   .toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    for (const QJsonValue &value : std::as_const(routes)) {
        const QJsonObject r = value.toObject();
        out << r.value(QStringLiteral("method")).toString().leftJustified(7) << ' '
            << r.value(QStringLiteral("path")).toString().leftJustified(44) << ' '
            << (r.value(QStringLiteral("public")).toBool() ? QStringLiteral("public")
                                                           : r.value(QStringLiteral("scope")).toString())
            << '\n';
    }
    return ExitOk;
}

} // namespace thetool::app
