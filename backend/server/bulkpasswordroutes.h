#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// POST /api/auth/verify-bulk-password (spec §2.8): the web frontend's gate before a bulk
// analysis. Public (it is itself a gate), and strictly limited: 5 attempts per client address
// in any minute, the 6th gets 429. Answers keep the original's {"authorized", "message"} shape.
void addBulkPasswordRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
