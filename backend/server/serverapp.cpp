#include "backend/server/serverapp.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QThread>

#include <csignal>

#include "backend/cache/cacheservice.h"
#include "backend/config/configloader.h"
#include "backend/core/buildinfo.h"
#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "backend/http/httpserver.h"
#include "backend/http/terminationsignal.h"
#include "backend/jobs/jobservice.h"
#include "backend/log/logger.h"
#include "backend/log/logmessage.h"
#include "backend/market/marketdataservice.h"
#include "backend/ops/metrics.h"
#include "backend/ops/scheduler.h"
#include "backend/security/databasekeyauthenticator.h"
#include "backend/server/admindbroutes.h"
#include "backend/server/analysisroutes.h"
#include "backend/server/apikeyroutes.h"
#include "backend/server/backtestroutes.h"
#include "backend/server/bulkpasswordroutes.h"
#include "backend/server/bulkroutes.h"
#include "backend/server/cacheroutes.h"
#include "backend/server/cleanuproutes.h"
#include "backend/server/collectionroutes.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/eventhub.h"
#include "backend/server/eventroutes.h"
#include "backend/server/healthprobe.h"
#include "backend/server/httppolicies.h"
#include "backend/server/jobroutes.h"
#include "backend/server/logroutes.h"
#include "backend/server/metricsroutes.h"
#include "backend/server/openapiroute.h"
#include "backend/server/reportroutes.h"
#include "backend/server/servercontext.h"
#include "backend/server/startupfailure.h"
#include "backend/server/stockroutes.h"
#include "backend/server/strategyroutes.h"
#include "backend/server/systemroutes.h"
#include "backend/server/watchlistroutes.h"

namespace thetool::server {

namespace {

constexpr auto migrationRetryWindow = std::chrono::seconds(60);

void logRecord(log::Logger &logger, log::Level level, const QString &message, const QJsonObject &fields = {})
{
    log::logMessage(logger, QStringLiteral("thetool.server"), level, message, fields);
}

db::DatabaseOptions databaseOptions(const config::Config &c)
{
    db::DatabaseOptions options;
    options.url = c.databaseUrl;
    options.dataPath = c.dataPath;
    options.statementTimeoutMs = c.statementTimeoutMs;
    return options;
}

http::HttpServerOptions httpOptions(const config::Config &c)
{
    http::HttpServerOptions o;
    o.bindAddress = c.bindAddress;
    o.port = c.port;
    o.handlerThreads = c.httpWorkers;
    o.headerLimit = static_cast<std::uint32_t>(c.maxHeaderBytes);
    o.bodyLimit = static_cast<std::uint64_t>(c.maxBodyBytes);
    o.readTimeout = std::chrono::seconds(c.headerTimeoutSeconds);
    o.idleTimeout = std::chrono::seconds(c.idleTimeoutSeconds);
    o.maxConnections = c.maxConnections;
    o.maxConnectionsPerClient = c.maxConnectionsPerClient;
    o.shutdownTimeout = std::chrono::seconds(c.shutdownTimeoutSeconds);
    return o;
}

jobs::JobOptions jobOptions(const config::Config &c, const QString &instance)
{
    jobs::JobOptions o;
    o.workers = c.workers;
    o.leaseSeconds = c.jobLeaseSeconds;
    o.tickerTimeoutSeconds = c.tickerTimeoutSeconds;
    o.jobTimeoutSeconds = c.jobTimeoutSeconds;
    o.maxBulkWorkers = c.maxBulkWorkers;
    o.instance = instance;
    return o;
}

ops::SchedulerOptions schedulerOptions(const config::Config &c, const QString &instance)
{
    ops::SchedulerOptions o;
    o.intervalSeconds = c.cleanupIntervalSeconds;
    o.policy.cleanupDays = c.cleanupDays;
    o.policy.resultsRetentionDays = c.resultsRetentionDays;
    o.policy.priceBarsRetentionDays = c.priceBarsRetentionDays;
    o.instance = instance;
    return o;
}

// Routes that create jobs draw from ANALYZE_RATE_LIMIT as well (DESIGN.md "Cache").
QSet<QString> jobCreationRoutes()
{
    return {
        QStringLiteral("POST /api/analysis/analyze"), QStringLiteral("POST /api/stocks/analyze-all-stocks")};
}

// One error record per refused start, with a stable reason the console's supervisor reads.
void logStartupFailure(
    log::Logger &logger, StartupFailure reason, const QString &message, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("event"), QStringLiteral("startup_failed"));
    fields.insert(QStringLiteral("reason"), startupFailureName(reason));
    logRecord(logger, log::Level::Error, message, fields);
}

// The probe proves the folder takes a write of this size before SQLite is asked to.
constexpr qint64 dataFolderProbeBytes = 256 * 1024;

} // namespace

QString loadOrCreateKeyFile(const QString &path, QString *error)
{
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return {};
        }
        const QString key = QString::fromUtf8(file.readAll()).trimmed();
        if (key.size() >= 32)
            return key;
        *error = QStringLiteral("%1 holds no usable key (delete it to generate a new one)").arg(path);
        return {};
    }
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    const QString key = QStringLiteral("tt_dev_") + QString::fromLatin1(bytes.toHex());
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, file.errorString());
        return {};
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(key.toUtf8() + '\n');
    return key;
}

ServerApp::ServerApp(config::Config config, log::Logger &logger)
    : m_config(std::move(config))
    , m_logger(logger)
{ }

bool ServerApp::ensureDevelopmentKey()
{
    if (!m_config.masterApiKey.isEmpty())
        return true;
    // Development without a key: one is generated and kept in a private file; only the
    // file's path is printed, so the key never reaches a log.
    const QString path = m_config.dataPath + QStringLiteral("/dev-api-key");
    QString error;
    m_config.masterApiKey = loadOrCreateKeyFile(path, &error);
    if (m_config.masterApiKey.isEmpty()) {
        logRecord(m_logger, log::Level::Error, QStringLiteral("API key: ") + error);
        return false;
    }
    logRecord(m_logger, log::Level::Warning,
        QStringLiteral("development: no MASTER_API_KEY set; the API key is in %1 (mode 0600)").arg(path),
        {{QStringLiteral("key_file"), path}});
    return true;
}

int ServerApp::run()
{
    // Before any thread starts: SIGTERM/SIGINT are taken over from here on.
    http::TerminationSignal termination;
    const auto startedAt = std::chrono::steady_clock::now();

    QJsonObject effective;
    for (const auto &[key, value] : config::describeEffective(m_config))
        effective.insert(key, value);
    logRecord(m_logger, log::Level::Info,
        QStringLiteral("TheTool %1 starting (%2)").arg(core::versionWithRevision(), m_config.appEnv),
        {{QStringLiteral("config"), effective}});

    if (!QDir().mkpath(m_config.dataPath)) {
        logStartupFailure(m_logger, StartupFailure::DataFolderNotWritable,
            QStringLiteral("DATA_PATH: cannot create %1").arg(m_config.dataPath));
        return 2;
    }
    if (m_config.databaseUrl.isEmpty()) { // SQLite lives in the data folder
        QString probeError;
        if (const auto failure = probeDataFolder(m_config.dataPath, dataFolderProbeBytes, &probeError)) {
            logStartupFailure(m_logger, *failure, probeError);
            return 1;
        }
    }
    if (!ensureDevelopmentKey())
        return 1;

    db::DbError error;
    std::unique_ptr<db::Database> database = db::Database::create(databaseOptions(m_config), &error);
    if (!database) {
        logStartupFailure(m_logger, StartupFailure::Other, QStringLiteral("database: ") + error.message);
        return 2;
    }
    // Railway may start the service before its database accepts connections: transient
    // errors are retried for a while; a migration problem is not.
    const QList<db::Migration> migrations = db::Migration::bundled(database->dialect());
    const auto deadline = std::chrono::steady_clock::now() + migrationRetryWindow;
    for (;;) {
        error = db::MigrationRunner(*database, migrations).migrate();
        if (!error)
            break; // the migration runner logged "[OK] Database migrations completed"
        // SQLite is a local file: waiting does not make it reachable (its busy timeout already
        // waited for a lock).
        const bool sqlite = database->dialect() == db::Dialect::Sqlite;
        if (sqlite || !error.isTransient() || std::chrono::steady_clock::now() > deadline) {
            db::MigrationStatus status;
            const bool newer = error.kind == db::DbError::Kind::Migration
                && !db::MigrationRunner(*database, migrations).status(&status)
                && status.appliedLatest > status.bundledLatest;
            logStartupFailure(m_logger, classifyDatabaseFailure(error, newer),
                QStringLiteral("database migrations failed: %1").arg(error.message),
                {{QStringLiteral("database"), database->describe()}});
            return 1;
        }
        logRecord(m_logger, log::Level::Warning,
            QStringLiteral("database not reachable yet (%1); retrying").arg(error.message));
        QThread::sleep(2);
    }
    database->releaseThreadConnection();

    // The cache and rate-limit buckets: Redis when configured (memory as its fallback).
    cache::CacheService cacheService(m_config);
    if (!cacheService.error().isEmpty()) {
        logRecord(m_logger, log::Level::Error, cacheService.error());
        return 2;
    }

    HealthProbe health(*database);
    SystemInfoSource info;
    info.cache = &cacheService;
    info.config = &m_config;
    info.health = &health;
    info.version = core::versionWithRevision();
    info.instance =
        QHostInfo::localHostName() + QLatin1Char(':') + QString::number(QCoreApplication::applicationPid());

    market::MarketDataOptions marketOptions;
    marketOptions.baseUrl = m_config.marketDataUrl;
    marketOptions.maxImportRows = m_config.maxImportRows;
    market::MarketDataService marketData(marketOptions);
    jobs::JobService jobService(*database, &marketData, m_logger, jobOptions(m_config, info.instance));
    jobService.setCache(&cacheService);
    const ServerContext context {
        m_config, *database, marketData, m_logger, info.instance, &jobService, &cacheService};
    info.startedAt = startedAt;

    // Database keys: a lookup that fails on the database answers 503, not 401. Revocation
    // through another instance or the command line takes effect here within the cache TTL.
    auto databaseKeys = std::make_shared<security::DatabaseKeyAuthenticator>(*database,
        security::DatabaseKeyAuthenticator::Options {}, [](const db::DbError &e) { throwIfFailed(e); });

    // One thread and connection polling job_events for this instance's event streams.
    EventHub events(*database);
    events.start();
    // This process's counters for /metrics; the cache registers its provider here.
    ops::Metrics metrics;
    metrics.setCacheProvider([cache = &cacheService] {
        const cache::CacheStats stats = cache->stats();
        return ops::CacheCounts {stats.hits, stats.misses};
    });
    // Periodic cleanup: one thread and connection; one instance at a time on PostgreSQL.
    ops::Scheduler scheduler(*database, m_logger, schedulerOptions(m_config, info.instance));

    http::Router router;
    addSystemRoutes(router, info);
    addApiKeyRoutes(router, *database, databaseKeys);
    addOpenApiRoute(router);
    // Feature routes: one line each, taking `context`.
    addAnalysisRoutes(router, context);
    addBulkRoutes(router, context);
    addJobRoutes(router, context);
    addEventRoutes(router, context, events);
    addLogRoutes(router, context);
    addStockRoutes(router, context);
    addWatchlistRoutes(router, context);
    addCollectionRoutes(router, context);
    addStrategyRoutes(router, context);
    addBacktestRoutes(router, context);
    addBulkPasswordRoutes(router, context);
    addReportRoutes(router, context);
    addAdminDbRoutes(router, context);
    addCacheRoutes(router, context);
    addCleanupRoutes(router, context);
    addMetricsRoutes(router, context, metrics);

    auto addresses = std::make_shared<const security::ClientAddressResolver>(m_config.trustedProxies);
    const std::shared_ptr<security::RateLimiter> limiter = cacheService.rateLimiter();
    auto keys = std::make_shared<security::ChainAuthenticator>();
    keys->add(std::make_shared<security::MasterKeyAuthenticator>(m_config.masterApiKey));
    keys->add(databaseKeys);

    http::RequestPipeline::Policies policies;
    policies.cors = std::make_shared<AllowListCors>(security::CorsPolicy(m_config.corsOrigins));
    policies.auth = std::make_shared<ApiKeyAuth>(keys, limiter, addresses,
        QSet<QString> {QStringLiteral("/api/events")}, m_config.rateLimitEnabled ? 30 : 0);
    policies.rateLimiter = std::make_shared<RequestRateLimit>(limiter, addresses,
        RequestRateLimit::Limits {m_config.rateLimitEnabled, m_config.rateLimitPerMinute,
            m_config.analyzeRateLimit, jobCreationRoutes()});
    policies.around = [](const http::HttpRequest &request, const std::function<http::HttpResponse()> &next) {
        // Lines a handler logs carry the request id, as the access line does.
        log::LogContextScope scope(request.requestId, request.requestId);
        return next();
    };
    policies.accessLog = [this, &metrics](const http::AccessLogEntry &entry) {
        metrics.observeRequest(entry.method, entry.route, entry.status, entry.durationMs / 1000.0);
        log::LogRecord record;
        record.level = entry.status >= 500 ? log::Level::Error : log::Level::Info;
        record.logger = QStringLiteral("thetool.access");
        record.message = QString::fromLatin1(entry.method) + QLatin1Char(' ') + entry.route + QLatin1Char(' ')
            + QString::number(entry.status);
        record.requestId = entry.requestId;
        record.fields = {{QStringLiteral("method"), QString::fromLatin1(entry.method)},
            {QStringLiteral("route"), entry.route}, {QStringLiteral("status"), entry.status},
            {QStringLiteral("duration_ms"), qRound(entry.durationMs * 10) / 10.0},
            {QStringLiteral("bytes"), entry.bytes}, {QStringLiteral("client"), entry.peerAddress}};
        if (!entry.principal.isEmpty())
            record.fields.insert(QStringLiteral("key_id"), entry.principal);
        m_logger.log(std::move(record));
    };

    if (m_inspect) {
        m_inspect(router);
        database->releaseThreadConnection();
        return 0;
    }

    http::HttpServerOptions options = httpOptions(m_config);
    db::Database *db = database.get();
    options.onHandlerThreadStop = [db, cache = &cacheService](int) {
        db->releaseThreadConnection();
        cache->releaseThreadConnection();
    };
    http::HttpServer server(options, std::move(router), policies);
    QString startError;
    if (!server.start(&startError)) {
        logStartupFailure(m_logger, classifyListenFailure(startError),
            QStringLiteral("cannot listen on %1:%2: %3")
                .arg(m_config.bindAddress)
                .arg(m_config.port)
                .arg(startError),
            {{QStringLiteral("port"), m_config.port}});
        return 1;
    }
    jobService.setRunner(QStringLiteral("backtest"), backtestJobRunner(context));
    jobService.setRunObserver([&metrics](const QString &kind, const QString &outcome, double seconds) {
        metrics.observeJobRun(kind, outcome, seconds);
    });
    jobService.start();
    scheduler.start();
    logRecord(m_logger, log::Level::Info,
        QStringLiteral("listening on http://%1:%2").arg(m_config.bindAddress).arg(server.port()),
        {{QStringLiteral("event"), QStringLiteral("listening")}, {QStringLiteral("port"), server.port()},
            {QStringLiteral("bind"), m_config.bindAddress}});

    const int signal = termination.wait();
    logRecord(m_logger, log::Level::Info,
        QStringLiteral("signal %1 received: finishing in-flight requests (up to %2 s)")
            .arg(signal)
            .arg(m_config.shutdownTimeoutSeconds));
    const bool clean = server.stop(); // event streams end first
    jobService.stop(); // running jobs go back to the queue for the next start
    scheduler.stop();
    events.stop();
    databaseKeys->flushLastUsed(); // the last batch of key use times
    database->releaseThreadConnection();
    logRecord(m_logger, clean ? log::Level::Info : log::Level::Warning,
        clean ? QStringLiteral("stopped cleanly") : QStringLiteral("stopped after the shutdown timeout"),
        {{QStringLiteral("event"), QStringLiteral("stopped")}});
    return 0;
}

} // namespace thetool::server
