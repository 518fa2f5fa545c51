#pragma once

#include <QString>

#include <functional>

#include "backend/config/config.h"

namespace thetool::log {
class Logger;
}

namespace thetool::http {
class Router;
}

namespace thetool::server {

// `thetool serve`: composes configuration, database, migrations, policies, routes and
// the HTTP server, then runs until SIGTERM/SIGINT and shuts down gracefully.
class ServerApp
{
public:
    ServerApp(config::Config config, log::Logger &logger);

    // Blocks until a termination signal; returns the process exit code
    // (0 after a clean shutdown, 1 when start-up failed, 2 for bad configuration).
    int run();

    // When set, run() hands the complete route table to `inspect` and returns 0 instead of
    // listening (`thetool routes`): the table listed is the one the server would serve.
    void setRouteInspector(std::function<void(const http::Router &)> inspect)
    {
        m_inspect = std::move(inspect);
    }

private:
    bool ensureDevelopmentKey();

    config::Config m_config;
    log::Logger &m_logger;
    std::function<void(const http::Router &)> m_inspect;
};

// Writes a fresh random key to `path` with mode 0600 (created exclusively: an existing
// file is read instead, so restarts keep the key). Returns the key, or empty on error.
QString loadOrCreateKeyFile(const QString &path, QString *error);

} // namespace thetool::server
