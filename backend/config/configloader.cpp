#include "backend/config/configloader.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>

#include "backend/market/marketdataoptions.h"
#include "backend/security/bulkpassword.h"

#include <functional>
#include <optional>

namespace thetool::config {

namespace {

constexpr int minimumMasterKeyLength = 32;

std::optional<bool> parseBool(const QString &text)
{
    const QString v = text.trimmed().toLower();
    if (v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes")
        || v == QLatin1String("on"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("0") || v == QLatin1String("no")
        || v == QLatin1String("off"))
        return false;
    return std::nullopt;
}

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            out.append(trimmed);
    }
    return out;
}

using Apply = std::function<QString(Config &, const QString &)>; // returns "expected ..." or empty

Apply boolInto(bool Config::*field)
{
    return [field](Config &c, const QString &v) -> QString {
        const auto b = parseBool(v);
        if (!b)
            return QStringLiteral("expected true or false (also 1/0, yes/no, on/off)");
        c.*field = *b;
        return {};
    };
}

template<typename Int> Apply intInto(Int Config::*field, qint64 min, qint64 max)
{
    return [field, min, max](Config &c, const QString &v) -> QString {
        bool ok = false;
        const qint64 n = v.trimmed().toLongLong(&ok);
        if (!ok || n < min || n > max)
            return QStringLiteral("expected a whole number from %1 to %2").arg(min).arg(max);
        c.*field = static_cast<Int>(n);
        return {};
    };
}

QString applyLogLevel(Config &c, const QString &v)
{
    const QString level = v.trimmed().toLower();
    if (level == QLatin1String("debug") || level == QLatin1String("info") || level == QLatin1String("error"))
        c.logLevel = level;
    else if (level == QLatin1String("warning") || level == QLatin1String("warn"))
        c.logLevel = QStringLiteral("warning");
    else if (level == QLatin1String("critical"))
        c.logLevel = QStringLiteral("error");
    else
        return QStringLiteral("expected DEBUG, INFO, WARNING or ERROR");
    return {};
}

QString applyCorsOrigins(Config &c, const QString &v)
{
    const QStringList origins = splitList(v);
    for (const QString &origin : origins) {
        if (origin == QLatin1String("*"))
            continue;
        const QUrl url(origin, QUrl::StrictMode);
        const bool schemeOk = url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
        if (!url.isValid() || !schemeOk || url.host().isEmpty() || !url.path().isEmpty() || url.hasQuery()
            || origin.endsWith(QLatin1Char('/')))
            return QStringLiteral("expected a comma-separated list of origins like https://app.example.com "
                                  "(scheme, host and optional port; no path), or *; '%1' is not one")
                .arg(origin);
    }
    c.corsOrigins = origins;
    c.corsOriginsSet = true;
    return {};
}

QString applyTrustedProxies(Config &c, const QString &v)
{
    const QStringList entries = splitList(v);
    for (const QString &entry : entries) {
        const bool isAddress = !QHostAddress(entry).isNull();
        const bool isSubnet = QHostAddress::parseSubnet(entry).second >= 0;
        if (!isAddress && !isSubnet)
            return QStringLiteral(
                "expected a comma-separated list of IP addresses or CIDR ranges; '%1' is not one")
                .arg(entry);
    }
    c.trustedProxies = entries;
    return {};
}

QString applyDatabaseUrl(Config &c, const QString &v)
{
    const QString url = v.trimmed();
    if (!url.startsWith(QLatin1String("postgres://")) && !url.startsWith(QLatin1String("postgresql://")))
        return QStringLiteral("expected a postgres:// or postgresql:// URL (leave it unset for SQLite)");
    c.databaseUrl = url;
    return {};
}

QString applyRedisUrl(Config &c, const QString &v)
{
    const QString url = v.trimmed();
    if (url.startsWith(QLatin1String("rediss://")))
        return QStringLiteral("rediss:// (TLS) is not supported: this build's hiredis has no TLS; "
                              "use redis:// on a private network");
    const QUrl parsed(url, QUrl::StrictMode);
    if (parsed.scheme() != QLatin1String("redis") || parsed.host().isEmpty())
        return QStringLiteral("expected a redis://[user:password@]host[:port][/db] URL");
    c.redisUrl = url;
    return {};
}

QString applyAppEnv(Config &c, const QString &v)
{
    const QString env = v.trimmed().toLower();
    if (env != QLatin1String("production") && env != QLatin1String("staging")
        && env != QLatin1String("development"))
        return QStringLiteral("expected production, staging or development");
    c.appEnv = env;
    return {};
}

QString applyLogFormat(Config &c, const QString &v)
{
    const QString format = v.trimmed().toLower();
    if (format != QLatin1String("json") && format != QLatin1String("text"))
        return QStringLiteral("expected json or text");
    c.logFormat = format;
    return {};
}

struct Variable {
    VariableInfo info;
    Apply apply;
};

QString defaultDataPath()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base.isEmpty() ? QStringLiteral("./data") : base + QStringLiteral("/thetool");
}

const QList<Variable> &variableTable()
{
    static const QList<Variable> table = {
        {{QStringLiteral("APP_ENV"), QStringLiteral("production"),
             QStringLiteral("production, staging or development (FLASK_ENV is accepted as an alias)")},
            applyAppEnv},
        {{QStringLiteral("PORT"), QStringLiteral("8000"), QStringLiteral("HTTP port (0 picks a free port)")},
            intInto(&Config::port, 0, 65535)},
        {{QStringLiteral("BIND_ADDRESS"), QStringLiteral("0.0.0.0 (127.0.0.1 in development)"),
             QStringLiteral("address to listen on")},
            [](Config &c, const QString &v) -> QString {
                if (QHostAddress(v.trimmed()).isNull())
                    return QStringLiteral("expected an IP address such as 0.0.0.0 or 127.0.0.1");
                c.bindAddress = v.trimmed();
                return {};
            }},
        {{QStringLiteral("MASTER_API_KEY"), QStringLiteral("none (required in production, 32+ characters)"),
             QStringLiteral("the admin key; clients send it as Authorization: Bearer or X-API-Key")},
            [](Config &c, const QString &v) -> QString {
                c.masterApiKey = v.trimmed();
                return {};
            }},
        {{QStringLiteral("BULK_ANALYSIS_PASSWORD_HASH"), QStringLiteral("none (the bulk gate answers 503)"),
             QStringLiteral("bcrypt hash of the password the web frontend asks before a bulk analysis")},
            [](Config &c, const QString &v) -> QString {
                if (!security::BulkPassword::isBcryptHash(v.trimmed()))
                    return QStringLiteral("expected a bcrypt hash: $2b$, $2a$ or $2y$, a cost 04-31, then 53 "
                                          "characters (Python: bcrypt.hashpw(password, bcrypt.gensalt()))");
                c.bulkAnalysisPasswordHash = v.trimmed();
                return {};
            }},
        {{QStringLiteral("DATABASE_URL"), QStringLiteral("none: SQLite in DATA_PATH"),
             QStringLiteral("PostgreSQL URL (postgres:// or postgresql://, query options go to libpq)")},
            applyDatabaseUrl},
        {{QStringLiteral("DATA_PATH"), QStringLiteral("~/.local/share/thetool"),
             QStringLiteral("folder for the SQLite database, generated keys and exports")},
            [](Config &c, const QString &v) -> QString {
                c.dataPath = QDir::cleanPath(v.trimmed());
                return {};
            }},
        {{QStringLiteral("REDIS_URL"), QStringLiteral("none"),
             QStringLiteral("Redis for the shared cache and rate-limit counters (redis:// only)")},
            applyRedisUrl},
        {{QStringLiteral("REDIS_ENABLED"), QStringLiteral("true when REDIS_URL is set"),
             QStringLiteral("set false to ignore REDIS_URL")},
            boolInto(&Config::redisEnabled)},
        {{QStringLiteral("REDIS_TIMEOUT_MS"), QStringLiteral("1000"),
             QStringLiteral("Redis connect and command timeout, milliseconds")},
            intInto(&Config::redisTimeoutMs, 10, 60000)},
        {{QStringLiteral("REDIS_RETRY_SECONDS"), QStringLiteral("30"),
             QStringLiteral("after 3 Redis failures in a row the in-memory cache and limits are used "
                            "for this long before Redis is tried again")},
            intInto(&Config::redisRetrySeconds, 1, 3600)},
        {{QStringLiteral("REDIS_KEY_PREFIX"), QStringLiteral("thetool:"),
             QStringLiteral("prefix of every Redis key (instances of one deployment share it)")},
            [](Config &c, const QString &v) -> QString {
                static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9:_.-]{1,64}$"));
                if (!valid.match(v.trimmed()).hasMatch())
                    return QStringLiteral("expected 1-64 letters, digits or :_.- (such as thetool:)");
                c.redisKeyPrefix = v.trimmed();
                return {};
            }},
        {{QStringLiteral("CORS_ORIGINS"),
             QStringLiteral("none in production; local dev origins in development"),
             QStringLiteral("comma-separated allowed browser origins, or *")},
            applyCorsOrigins},
        {{QStringLiteral("TRUSTED_PROXIES"), QStringLiteral("none"),
             QStringLiteral("proxies whose X-Forwarded-For is trusted (IPs or CIDR ranges)")},
            applyTrustedProxies},
        {{QStringLiteral("LOG_LEVEL"), QStringLiteral("INFO (DEBUG in development)"),
             QStringLiteral("DEBUG, INFO, WARNING or ERROR")},
            applyLogLevel},
        {{QStringLiteral("LOG_FORMAT"), QStringLiteral("json"), QStringLiteral("json lines or text")},
            applyLogFormat},
        {{QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("true"),
             QStringLiteral("per-key/per-client limits")},
            boolInto(&Config::rateLimitEnabled)},
        {{QStringLiteral("RATE_LIMIT_PER_MINUTE"), QStringLiteral("600"),
             QStringLiteral("requests per minute per key or client")},
            intInto(&Config::rateLimitPerMinute, 1, 1000000)},
        {{QStringLiteral("ANALYZE_RATE_LIMIT"), QStringLiteral("30"),
             QStringLiteral("job-creating requests per minute per key or client")},
            intInto(&Config::analyzeRateLimit, 1, 1000000)},
        {{QStringLiteral("CACHE_ENABLED"), QStringLiteral("true"),
             QStringLiteral("cache analysis results and provider responses")},
            boolInto(&Config::cacheEnabled)},
        {{QStringLiteral("CACHE_TTL"), QStringLiteral("3600"),
             QStringLiteral("cache entry lifetime, seconds")},
            intInto(&Config::cacheTtlSeconds, 1, 30 * 86400)},
        {{QStringLiteral("CACHE_MAX_SIZE"), QStringLiteral("1000"),
             QStringLiteral("in-memory cache entries (LRU beyond)")},
            intInto(&Config::cacheMaxSize, 1, 10000000)},
        {{QStringLiteral("WORKERS"), QStringLiteral("2"), QStringLiteral("job worker threads")},
            intInto(&Config::workers, 0, 64)},
        {{QStringLiteral("HTTP_WORKERS"), QStringLiteral("4"), QStringLiteral("HTTP handler threads")},
            intInto(&Config::httpWorkers, 1, 256)},
        {{QStringLiteral("MAX_BULK_WORKERS"), QStringLiteral("5"),
             QStringLiteral("analysis threads inside one bulk job")},
            intInto(&Config::maxBulkWorkers, 1, 64)},
        {{QStringLiteral("TICKER_TIMEOUT"), QStringLiteral("120"),
             QStringLiteral("seconds for one ticker's fetch and analysis")},
            intInto(&Config::tickerTimeoutSeconds, 1, 86400)},
        {{QStringLiteral("JOB_TIMEOUT"), QStringLiteral("3600"), QStringLiteral("seconds for a whole job")},
            intInto(&Config::jobTimeoutSeconds, 1, 7 * 86400)},
        {{QStringLiteral("JOB_LEASE_SECONDS"), QStringLiteral("30"),
             QStringLiteral("a running job's lease; a crashed worker's job is taken again after it")},
            intInto(&Config::jobLeaseSeconds, 2, 3600)},
        {{QStringLiteral("CLEANUP_DAYS"), QStringLiteral("7"),
             QStringLiteral("jobs and job logs older than this are deleted")},
            intInto(&Config::cleanupDays, 1, 3650)},
        {{QStringLiteral("RESULTS_RETENTION_DAYS"), QStringLiteral("0 (keep results)"),
             QStringLiteral("delete analysis results older than this; 0 keeps them")},
            intInto(&Config::resultsRetentionDays, 0, 36500)},
        {{QStringLiteral("PRICE_BARS_RETENTION_DAYS"), QStringLiteral("0 (keep bars)"),
             QStringLiteral("delete a provider symbol's stored bars when it was last fetched longer ago; "
                            "imported CSV bars are kept; 0 keeps all")},
            intInto(&Config::priceBarsRetentionDays, 0, 36500)},
        {{QStringLiteral("CLEANUP_INTERVAL"), QStringLiteral("3600"),
             QStringLiteral("seconds between scheduled cleanups (one instance runs each); 0 turns them off")},
            intInto(&Config::cleanupIntervalSeconds, 0, 30 * 86400)},
        {{QStringLiteral("METRICS_PUBLIC"), QStringLiteral("false"),
             QStringLiteral("serve /metrics without a key (else admin scope)")},
            boolInto(&Config::metricsPublic)},
        {{QStringLiteral("MAX_HEADER_BYTES"), QStringLiteral("16384"),
             QStringLiteral("request header limit (431)")},
            intInto(&Config::maxHeaderBytes, 1024, 1024 * 1024)},
        {{QStringLiteral("MAX_BODY_BYTES"), QStringLiteral("1048576"),
             QStringLiteral("request body limit (413)")},
            intInto(&Config::maxBodyBytes, 1024, qint64(1) << 32)},
        {{QStringLiteral("HEADER_TIMEOUT"), QStringLiteral("30"),
             QStringLiteral("seconds to receive a request's headers and body")},
            intInto(&Config::headerTimeoutSeconds, 1, 3600)},
        {{QStringLiteral("IDLE_TIMEOUT"), QStringLiteral("75"), QStringLiteral("keep-alive idle seconds")},
            intInto(&Config::idleTimeoutSeconds, 1, 3600)},
        {{QStringLiteral("MAX_CONNECTIONS"), QStringLiteral("1024"),
             QStringLiteral("open connections (503 beyond)")},
            intInto(&Config::maxConnections, 1, 1000000)},
        {{QStringLiteral("MAX_CONNECTIONS_PER_CLIENT"), QStringLiteral("128"),
             QStringLiteral("open connections from one address")},
            intInto(&Config::maxConnectionsPerClient, 1, 1000000)},
        {{QStringLiteral("SHUTDOWN_TIMEOUT"), QStringLiteral("30"),
             QStringLiteral("seconds to finish in-flight requests on SIGTERM")},
            intInto(&Config::shutdownTimeoutSeconds, 1, 3600)},
        {{QStringLiteral("STATEMENT_TIMEOUT_MS"), QStringLiteral("30000"),
             QStringLiteral("PostgreSQL statement_timeout")},
            intInto(&Config::statementTimeoutMs, 100, 3600000)},
        {{QStringLiteral("MARKET_DATA_URL"), QStringLiteral("https://query1.finance.yahoo.com"),
             QStringLiteral("Yahoo Finance chart-API host (a compatible mirror or a test server)")},
            [](Config &c, const QString &v) -> QString {
                const QString problem = market::checkMarketDataUrl(v);
                if (problem.isEmpty())
                    c.marketDataUrl = v.trimmed();
                return problem;
            }},
        {{QStringLiteral("MAX_IMPORT_ROWS"), QStringLiteral("1000000"),
             QStringLiteral("rows one CSV import may hold; a longer file is refused")},
            intInto(&Config::maxImportRows, 1, 100000000)},
    };
    return table;
}

QString unquote(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2
        && ((value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))
            || (value.startsWith(QLatin1Char('\'')) && value.endsWith(QLatin1Char('\'')))))
        return value.mid(1, value.size() - 2);
    const qsizetype comment = value.indexOf(QStringLiteral(" #"));
    return comment >= 0 ? value.left(comment).trimmed() : value;
}

} // namespace

const QList<VariableInfo> &knownVariables()
{
    static const QList<VariableInfo> infos = [] {
        QList<VariableInfo> out;
        for (const auto &variable : variableTable())
            out.append(variable.info);
        return out;
    }();
    return infos;
}

QString readEnvFile(const QString &path, Variables &into)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return QStringLiteral("cannot read env file %1: %2").arg(path, file.errorString());
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1String("export ")))
            line = line.mid(7).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        const QString key = eq > 0 ? line.left(eq).trimmed() : QString();
        static const QRegularExpression validKey(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (key.isEmpty() || !validKey.match(key).hasMatch())
            return QStringLiteral("%1:%2: expected KEY=VALUE").arg(path).arg(lineNumber);
        if (!into.contains(key))
            into.insert(key, unquote(line.mid(eq + 1)));
    }
    return {};
}

LoadResult loadConfig(const Variables &input)
{
    LoadResult result;
    Config &c = result.config;
    Variables vars = input;
    // FLASK_ENV is what the Python backend's users set (the deployment guide does).
    if (!vars.contains(QStringLiteral("APP_ENV")) && vars.contains(QStringLiteral("FLASK_ENV")))
        vars.insert(QStringLiteral("APP_ENV"), vars.value(QStringLiteral("FLASK_ENV")));

    for (const auto &variable : variableTable()) {
        const auto it = vars.constFind(variable.info.name);
        if (it == vars.constEnd())
            continue;
        // An empty value means "unset" (Railway shows cleared variables as empty).
        if (it->trimmed().isEmpty())
            continue;
        const QString problem = variable.apply(c, *it);
        if (!problem.isEmpty()) {
            result.error = QStringLiteral("%1: %2").arg(variable.info.name, problem);
            return result;
        }
        if (variable.info.name == QLatin1String("APP_ENV") && !vars.contains(QStringLiteral("LOG_LEVEL")))
            c.logLevel = c.isDevelopment() ? QStringLiteral("debug") : QStringLiteral("info");
    }

    if (!vars.contains(QStringLiteral("REDIS_ENABLED"))
        || vars.value(QStringLiteral("REDIS_ENABLED")).trimmed().isEmpty())
        c.redisEnabled = !c.redisUrl.isEmpty();
    else if (c.redisEnabled && c.redisUrl.isEmpty()) {
        result.error = QStringLiteral("REDIS_ENABLED: is true but REDIS_URL is not set; set REDIS_URL or "
                                      "REDIS_ENABLED=false");
        return result;
    }
    if (c.dataPath.isEmpty())
        c.dataPath = defaultDataPath();
    if (c.bindAddress.isEmpty())
        c.bindAddress = c.isDevelopment() ? QStringLiteral("127.0.0.1") : QStringLiteral("0.0.0.0");
    if (!c.corsOriginsSet && c.isDevelopment()) {
        // The original frontend's local origins (spec §7.2); production allows none by default.
        c.corsOrigins = {QStringLiteral("http://localhost:3000"), QStringLiteral("http://127.0.0.1:3000"),
            QStringLiteral("http://localhost:5173"), QStringLiteral("http://127.0.0.1:5173")};
    }
    if (!c.isDevelopment() && c.masterApiKey.size() < minimumMasterKeyLength) {
        result.error = c.masterApiKey.isEmpty()
            ? QStringLiteral("MASTER_API_KEY: must be set in %1 (32 or more characters); "
                             "for local use set APP_ENV=development")
                  .arg(c.appEnv)
            : QStringLiteral("MASTER_API_KEY: too short (%1 characters); %2 needs 32 or more")
                  .arg(c.masterApiKey.size())
                  .arg(c.appEnv);
    }
    return result;
}

LoadResult loadConfigFromProcess(const QString &envFile)
{
    Variables vars;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys())
        vars.insert(key, env.value(key));
    if (!envFile.isEmpty()) {
        const QString error = readEnvFile(envFile, vars);
        if (!error.isEmpty())
            return {Config {}, error};
    }
    if (QFile::exists(QStringLiteral(".env"))) {
        const QString error = readEnvFile(QStringLiteral(".env"), vars);
        if (!error.isEmpty())
            return {Config {}, error};
    }
    return loadConfig(vars);
}

QString maskUrlPassword(const QString &url)
{
    QUrl parsed(url);
    if (!parsed.isValid() || parsed.password().isEmpty())
        return url;
    parsed.setPassword(QStringLiteral("****"));
    return parsed.toString();
}

QList<QPair<QString, QString>> describeEffective(const Config &c)
{
    const auto yesNo = [](bool b) {
        return b ? QStringLiteral("true") : QStringLiteral("false");
    };
    return {
        {QStringLiteral("app_env"), c.appEnv},
        {QStringLiteral("bind"), c.bindAddress + QLatin1Char(':') + QString::number(c.port)},
        {QStringLiteral("master_api_key"),
            c.masterApiKey.isEmpty() ? QStringLiteral("unset") : QStringLiteral("set (masked)")},
        {QStringLiteral("bulk_password"),
            c.bulkAnalysisPasswordHash.isEmpty() ? QStringLiteral("unset") : QStringLiteral("set (masked)")},
        {QStringLiteral("database"),
            c.databaseUrl.isEmpty() ? QStringLiteral("sqlite:") + c.dataPath + QStringLiteral("/thetool.db")
                                    : maskUrlPassword(c.databaseUrl)},
        {QStringLiteral("redis"), c.redisEnabled ? maskUrlPassword(c.redisUrl) : QStringLiteral("disabled")},
        {QStringLiteral("data_path"), c.dataPath},
        {QStringLiteral("cors_origins"),
            c.corsOrigins.isEmpty() ? QStringLiteral("none") : c.corsOrigins.join(QLatin1Char(','))},
        {QStringLiteral("trusted_proxies"), c.trustedProxies.join(QLatin1Char(','))},
        {QStringLiteral("log"), c.logLevel + QLatin1Char('/') + c.logFormat},
        {QStringLiteral("rate_limit"),
            c.rateLimitEnabled ? QString::number(c.rateLimitPerMinute) + QStringLiteral("/min, analyze ")
                    + QString::number(c.analyzeRateLimit) + QStringLiteral("/min")
                               : QStringLiteral("disabled")},
        {QStringLiteral("cache"),
            c.cacheEnabled ? QStringLiteral("ttl ") + QString::number(c.cacheTtlSeconds)
                    + QStringLiteral("s, max ") + QString::number(c.cacheMaxSize)
                           : QStringLiteral("disabled")},
        {QStringLiteral("workers"), QString::number(c.workers)},
        {QStringLiteral("http_workers"), QString::number(c.httpWorkers)},
        {QStringLiteral("embedded"), yesNo(c.embedded)},
    };
}

} // namespace thetool::config
