#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// GET /api/logs?after=&level=&correlation_id=&limit= (read scope): this instance's recent
// log records (the Logger's ring buffer), oldest first. Cursors name the instance and its
// start ("<instance>/<boot>:<seq>"): a cursor from another instance, or from this one before
// a restart, is refused with 400 FOREIGN_CURSOR, so a client behind a load balancer never
// mixes two sequences; it starts again without `after`. `level` is a minimum.
void addLogRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
