#pragma once

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include "backend/config/config.h"

namespace thetool::config {

using Variables = QHash<QString, QString>;

// One environment variable the server understands: its name, default (as documented)
// and meaning. The table drives loading, the README's table and the tests.
struct VariableInfo {
    QString name;
    QString defaultText;
    QString meaning;
};
const QList<VariableInfo> &knownVariables();

struct LoadResult {
    Config config;
    QString error; // one line naming the variable and what was expected
    bool ok() const { return error.isEmpty(); }
};

// Reads KEY=VALUE lines (`export` prefix, quotes and `#` comments allowed) into `into`,
// without overwriting keys already there. Returns an error naming the line, or empty.
QString readEnvFile(const QString &path, Variables &into);

// Builds the configuration from variables (the environment merged over env files).
// Stops at the first invalid value. Production without a 32+ character MASTER_API_KEY
// is refused here; development without a key is allowed (serve generates one).
LoadResult loadConfig(const Variables &variables);

// Environment first, then `envFile` (when given) and `.env` in the working folder for
// keys the environment does not set: the environment always wins.
LoadResult loadConfigFromProcess(const QString &envFile);

// The effective configuration for the start-up log line, secrets masked.
QList<QPair<QString, QString>> describeEffective(const Config &config);

// "postgresql://user:****@host:5432/db": a URL safe for logs.
QString maskUrlPassword(const QString &url);

} // namespace thetool::config
