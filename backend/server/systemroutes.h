#pragma once

#include <QString>

#include <chrono>
#include <functional>

#include "backend/config/config.h"

namespace thetool::cache {
class CacheService;
}
namespace thetool::http {
class Router;
}

namespace thetool::server {

class HealthProbe;

// GET /, GET /health (public) and GET /config (read scope).
struct SystemInfoSource {
    const config::Config *config = nullptr;
    HealthProbe *health = nullptr;
    QString version; // with the git revision
    QString instance; // this process, e.g. "host:pid"
    std::chrono::steady_clock::time_point startedAt;
    bool authenticationEnabled = true;
    const cache::CacheService *cache = nullptr; // null: reported as disabled
};

void addSystemRoutes(http::Router &router, const SystemInfoSource &source);

} // namespace thetool::server
