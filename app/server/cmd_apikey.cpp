#include "app/server/cmd_apikey.h"

#include <QTextStream>

#include "app/server/command.h"
#include "backend/config/configloader.h"
#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "backend/security/apikeymanager.h"

namespace thetool::app {

namespace {

const char *const usage =
    "Usage: thetool api-key create --name NAME [--scopes read,analyze,admin]\n"
    "       thetool api-key list\n"
    "       thetool api-key revoke ID\n\n"
    "Manages the API keys stored (as SHA-256 hashes) in the database of DATABASE_URL, else\n"
    "SQLite at DATA_PATH/thetool.db; pending migrations are applied first. A new key is\n"
    "printed once and cannot be shown again. Scopes nest: admin > analyze > read (default\n"
    "read). A revoked key stops working on running servers within 5 seconds.\n\n"
    "  --env-file FILE  read KEY=VALUE lines from FILE (the environment wins)\n";

struct Options {
    QString action;
    QString name;
    QString scopes = QStringLiteral("read");
    QString id;
    QString envFile;
};

// Parses the arguments; returns an error line, or empty.
QString parse(const QStringList &args, Options *o)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (arg == QLatin1String("--name") && hasValue) {
            o->name = args.at(++i);
        } else if (arg == QLatin1String("--scopes") && hasValue) {
            o->scopes = args.at(++i);
        } else if (arg == QLatin1String("--env-file") && hasValue) {
            o->envFile = args.at(++i);
        } else if (arg.startsWith(QLatin1String("--"))) {
            return QStringLiteral("unknown option or missing value: '%1'").arg(arg);
        } else if (o->action.isEmpty()) {
            o->action = arg;
        } else if (o->action == QLatin1String("revoke") && o->id.isEmpty()) {
            o->id = arg;
        } else {
            return QStringLiteral("unexpected argument '%1'").arg(arg);
        }
    }
    if (o->action != QLatin1String("create") && o->action != QLatin1String("list")
        && o->action != QLatin1String("revoke"))
        return o->action.isEmpty()
            ? QStringLiteral("missing action: create, list or revoke")
            : QStringLiteral("unknown action '%1': create, list or revoke").arg(o->action);
    if (o->action == QLatin1String("create") && o->name.isNull())
        return QStringLiteral("create needs --name NAME");
    if (o->action == QLatin1String("revoke") && o->id.isEmpty())
        return QStringLiteral("revoke needs the key's ID (see `thetool api-key list`)");
    return {};
}

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

} // namespace

int runApiKey(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        out << usage;
        return ExitOk;
    }
    Options o;
    if (const QString problem = parse(args, &o); !problem.isEmpty()) {
        err << "thetool api-key: " << problem << " (try --help)\n";
        return ExitUsage;
    }
    // Input is checked before the database is touched.
    QString permissions;
    qint64 id = 0;
    if (o.action == QLatin1String("create")) {
        QString problem = security::ApiKeyManager::validateName(o.name);
        if (problem.isEmpty())
            problem =
                security::ApiKeyManager::normalizeScopes(o.scopes.split(QLatin1Char(',')), &permissions);
        if (!problem.isEmpty()) {
            err << "thetool api-key: " << problem << '\n';
            return ExitUsage;
        }
    } else if (o.action == QLatin1String("revoke")) {
        bool ok = false;
        id = o.id.toLongLong(&ok);
        if (!ok || id <= 0) {
            err << "thetool api-key: the key ID must be a positive integer, not '" << o.id << "'\n";
            return ExitUsage;
        }
    }

    const config::LoadResult loaded = config::loadConfigFromProcess(o.envFile);
    if (!loaded.ok()) {
        err << "thetool api-key: " << loaded.error << '\n';
        return ExitUsage;
    }
    db::DatabaseOptions dbOptions;
    dbOptions.url = loaded.config.databaseUrl;
    dbOptions.dataPath = loaded.config.dataPath;
    dbOptions.statementTimeoutMs = loaded.config.statementTimeoutMs;
    db::DbError error;
    std::unique_ptr<db::Database> database = db::Database::create(dbOptions, &error);
    if (!database) {
        err << "thetool api-key: " << error.message << '\n';
        return error.kind == db::DbError::Kind::Config ? ExitUsage : ExitFailure;
    }
    error = db::MigrationRunner(*database, db::Migration::bundled(database->dialect())).migrate();
    if (error) {
        err << "thetool api-key: database migrations failed: " << error.message << '\n';
        return ExitFailure;
    }

    security::ApiKeyManager manager(*database);
    const QString user = qEnvironmentVariable("USER", QStringLiteral("unknown"));
    const security::AuditContext context {QStringLiteral("cli:") + user, {}, {}};
    if (o.action == QLatin1String("create")) {
        security::NewApiKey created;
        error = manager.create(o.name, permissions, context, &created);
        if (error.kind == db::DbError::Kind::UniqueViolation) {
            err << "thetool api-key: an active key named '" << o.name.trimmed()
                << "' already exists (revoke it first, or choose another name)\n";
            return ExitFailure;
        }
        if (error) {
            err << "thetool api-key: " << error.message << '\n';
            return ExitFailure;
        }
        out << "created API key " << created.record.id << " '" << created.record.name << "' ("
            << created.record.permissions << ")\n"
            << "key: " << created.key << '\n'
            << "Store this key now: it is not shown again.\n";
        return ExitOk;
    }
    if (o.action == QLatin1String("list")) {
        QList<repo::ApiKeyRecord> keys;
        if ((error = manager.list(&keys))) {
            err << "thetool api-key: " << error.message << '\n';
            return ExitFailure;
        }
        out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                   .arg(QStringLiteral("ID").rightJustified(5), QStringLiteral("NAME").leftJustified(24),
                       QStringLiteral("SCOPES").leftJustified(18),
                       QStringLiteral("CREATED").leftJustified(24),
                       QStringLiteral("LAST USED").leftJustified(24), QStringLiteral("REVOKED"));
        for (const repo::ApiKeyRecord &k : keys) {
            out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                       .arg(QString::number(k.id).rightJustified(5), k.name.leftJustified(24),
                           k.permissions.leftJustified(18), orDash(k.createdAt).leftJustified(24),
                           orDash(k.lastUsedAt).leftJustified(24), orDash(k.revokedAt));
        }
        return ExitOk;
    }
    security::ApiKeyManager::RevokeOutcome outcome {};
    repo::ApiKeyRecord after;
    if ((error = manager.revoke(id, context, &outcome, &after))) {
        err << "thetool api-key: " << error.message << '\n';
        return ExitFailure;
    }
    switch (outcome) {
    case security::ApiKeyManager::RevokeOutcome::NotFound:
        err << "thetool api-key: no API key has ID " << id << '\n';
        return ExitFailure;
    case security::ApiKeyManager::RevokeOutcome::AlreadyRevoked:
        out << "API key " << id << " '" << after.name << "' was already revoked at " << after.revokedAt
            << '\n';
        return ExitOk;
    case security::ApiKeyManager::RevokeOutcome::Revoked:
        break;
    }
    out << "revoked API key " << id << " '" << after.name << "' at " << after.revokedAt
        << " (running servers refuse it within 5 seconds)\n";
    return ExitOk;
}

} // namespace thetool::app
