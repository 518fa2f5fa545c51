#pragma once

#include "backend/http/router.h"

#include <functional>

namespace thetool::test {

// Routes the HTTP tests drive, shared by the in-process tests and http_test_server.
struct TestRouteHooks {
    std::function<void()> slowStarted; // /slow began sleeping
    std::function<void()> block; // /block waits in here
};

// GET /ping, GET /slow?ms=, POST /echo, POST /json, GET /throw, GET /conflict, GET /returned-error,
// POST /big-upload (8 MiB limit), GET /items/{id}, GET /items/{id}/notes, GET /thread,
// GET /block, GET /admin (scope admin), GET /public (public).
http::Router makeTestRouter(TestRouteHooks hooks = {});

constexpr quint64 bigUploadLimit = 8 * 1024 * 1024;

} // namespace thetool::test
