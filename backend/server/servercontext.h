#pragma once

#include <QString>

#include "backend/config/config.h"

namespace thetool::cache {
class CacheService;
}
namespace thetool::db {
class Database;
}
namespace thetool::jobs {
class JobService;
}
namespace thetool::log {
class Logger;
}
namespace thetool::market {
class MarketDataService;
class PriceStore;
} // namespace thetool::market

namespace thetool::server {

// What route handlers may use, made once by ServerApp and alive until the HTTP server has
// stopped. Handlers run on the handler pool: `database` hands each thread its own
// connection; `marketData` is thread-safe (its own thread and QNAM).
struct ServerContext {
    const config::Config &config;
    db::Database &database;
    market::MarketDataService &marketData;
    log::Logger &logger;
    QString instance; // this process, e.g. "host:pid"
    jobs::JobService *jobs = nullptr; // this instance's workers (wake on enqueue, local cancel)
    cache::CacheService *cache = nullptr; // the cache and Redis (stats, clear); set by ServerApp
};

} // namespace thetool::server
