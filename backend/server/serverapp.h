#pragma once

#include <QString>

#include "backend/config/config.h"

namespace thetool::log {
class Logger;
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

private:
    bool ensureDevelopmentKey();

    config::Config m_config;
    log::Logger &m_logger;
};

// Writes a fresh random key to `path` with mode 0600 (created exclusively: an existing
// file is read instead, so restarts keep the key). Returns the key, or empty on error.
QString loadOrCreateKeyFile(const QString &path, QString *error);

} // namespace thetool::server
