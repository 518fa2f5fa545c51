#pragma once

namespace thetool::http {
class Router;
}

namespace thetool::server {

// GET /openapi.yaml (public): docs/openapi.yaml as compiled into the binary, so the document
// served is the one of this build (tests/api/tst_wholeapi.cpp checks it against the route
// table and the version).
void addOpenApiRoute(http::Router &router);

} // namespace thetool::server
