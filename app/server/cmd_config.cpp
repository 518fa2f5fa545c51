#include "app/server/cmd_config.h"

#include <QTextStream>

#include "app/server/command.h"
#include "backend/config/configloader.h"

namespace thetool::app {

namespace {

const char *const usage = "Usage: thetool config [--markdown]\n"
                          "       thetool config --check [--env-file FILE]\n\n"
                          "Lists the environment variables the server reads, with defaults.\n"
                          "--check loads the configuration as `thetool serve` would (environment,\n"
                          "then --env-file and ./.env for unset keys) and prints the effective\n"
                          "values with secrets masked, or the one line that is wrong (exit 2).\n";

} // namespace

int runConfig(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    bool check = false;
    bool markdown = false;
    QString envFile;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            out << usage;
            return ExitOk;
        } else if (arg == QLatin1String("--check")) {
            check = true;
        } else if (arg == QLatin1String("--markdown")) {
            markdown = true;
        } else if (arg == QLatin1String("--env-file") && i + 1 < args.size()) {
            envFile = args.at(++i);
        } else {
            err << "thetool config: unexpected argument '" << arg << "'\n" << usage;
            return ExitUsage;
        }
    }
    if (check) {
        const auto loaded = config::loadConfigFromProcess(envFile);
        if (!loaded.ok()) {
            err << "thetool config: " << loaded.error << '\n';
            return ExitUsage;
        }
        for (const auto &[key, value] : config::describeEffective(loaded.config))
            out << key.leftJustified(16) << value << '\n';
        return ExitOk;
    }
    if (markdown) {
        out << "| variable | default | meaning |\n|---|---|---|\n";
        for (const auto &v : config::knownVariables())
            out << "| `" << v.name << "` | " << v.defaultText << " | " << v.meaning << " |\n";
        return ExitOk;
    }
    for (const auto &v : config::knownVariables())
        out << v.name.leftJustified(28) << v.meaning << " (default: " << v.defaultText << ")\n";
    return ExitOk;
}

} // namespace thetool::app
