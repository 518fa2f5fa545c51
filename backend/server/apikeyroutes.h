#pragma once

#include <memory>

namespace thetool::db {
class Database;
}
namespace thetool::http {
class Router;
}
namespace thetool::security {
class DatabaseKeyAuthenticator;
}

namespace thetool::server {

// GET /api/admin/api-keys (list, never a key or hash), POST /api/admin/api-keys (create;
// the key is in this answer only), DELETE /api/admin/api-keys/{id} (soft revoke). Admin
// scope. `authenticator` forgets a revoked key at once in this instance.
void addApiKeyRoutes(http::Router &router, db::Database &database,
    std::shared_ptr<security::DatabaseKeyAuthenticator> authenticator);

} // namespace thetool::server
