#include "backend/server/systemroutes.h"

#include "backend/api/systeminfo.h"
#include "backend/cache/cacheservice.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/server/healthprobe.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

namespace thetool::server {

namespace {
Q_LOGGING_CATEGORY(lcHealth, "thetool.health")
}

void addSystemRoutes(http::Router &router, const SystemInfoSource &source)
{
    router.add(
        "GET", QStringLiteral("/"),
        [source](const http::HttpRequest &) {
            return http::HttpResponse::json(api::buildRootDocument(*source.config, source.version));
        },
        http::Access::open());

    router.add(
        "GET", QStringLiteral("/health"),
        [source](const http::HttpRequest &) {
            QElapsedTimer timer;
            timer.start();
            const HealthProbe::Result db = source.health->probe();
            qCDebug(lcHealth).noquote()
                << "database" << (db.connected ? QStringLiteral("connected") : db.error) << "in"
                << timer.elapsed() << "ms";
            const config::Config &c = *source.config;
            api::HealthInputs in;
            in.uptimeSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - source.startedAt).count();
            in.authenticationEnabled = source.authenticationEnabled;
            if (source.cache) {
                // stats() first: its round trip to Redis is what redisState() then reports.
                const cache::CacheStats stats = source.cache->stats();
                in.cacheEnabled = source.cache->enabled();
                in.cacheBackend = stats.backend;
                in.cacheFallback = stats.fallback;
                in.cacheHits = stats.hits;
                in.cacheMisses = stats.misses;
                in.redisState = source.cache->redisState();
            }
            in.databaseConnected = db.connected;
            in.databaseError = db.error;
            in.databaseEngine = db.engine;
            in.tableCounts = db.tableCounts;
            in.dbVersion = db.schemaVersion;
            in.jobs = db.jobs;
            in.version = source.version;
            in.instance = source.instance;
            in.environment = c.appEnv;
            in.debugMode = c.isDevelopment();
            in.rateLimiting = c.rateLimitEnabled;
            const api::HealthDocument doc = api::buildHealth(in);
            http::HttpResponse response = http::HttpResponse::json(doc.body, doc.httpStatus);
            if (doc.httpStatus == 503)
                response.setHeader("Retry-After", "5");
            return response;
        },
        http::Access::open());

    router.add(
        "GET", QStringLiteral("/config"),
        [source](const http::HttpRequest &) {
            return http::HttpResponse::json(api::buildConfigDocument(*source.config, api::Features {}));
        },
        http::Access::needs(http::Scope::Read));
}

} // namespace thetool::server
