#pragma once

namespace thetool::http {
class Router;
}
namespace thetool::ops {
class Metrics;
}

namespace thetool::server {

struct ServerContext;

// GET /metrics: Prometheus text format. Admin scope, or public with METRICS_PUBLIC=1.
// This instance's counters (`metrics`, dropped log lines) and the deployment's queue
// (job_counts, queue depth, oldest queued job) read from the database at scrape time.
void addMetricsRoutes(http::Router &router, const ServerContext &context, const ops::Metrics &metrics);

} // namespace thetool::server
