#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

struct ServerContext;

// /api/watchlist (spec §2.4, §10.1): list (?collection_id=N|null|default), add to Default
// (.NS defaulting, case-insensitive uniqueness across collections, 201 with the new id),
// remove by id or by ticker; the debug list and duplicate cleanup need the admin scope.
void addWatchlistRoutes(http::Router &router, const ServerContext &context);

} // namespace thetool::server
