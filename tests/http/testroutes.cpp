#include "tests/http/testroutes.h"

#include "backend/http/apierror.h"
#include "backend/http/handlerpool.h"

#include <QJsonObject>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace thetool::test {

using http::HttpRequest;
using http::HttpResponse;

http::Router makeTestRouter(TestRouteHooks hooks)
{
    http::Router router;
    const auto get = [&router](const char *pattern, http::Handler handler) {
        router.add("GET", QString::fromLatin1(pattern), std::move(handler));
    };
    get("/ping", [](const HttpRequest &) {
        return HttpResponse::json(QJsonObject {{QStringLiteral("ok"), true}});
    });
    get("/slow", [hooks](const HttpRequest &request) {
        const int ms = std::clamp(request.queryValue(QStringLiteral("ms")).toInt(), 0, 60000);
        if (hooks.slowStarted)
            hooks.slowStarted();
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        return HttpResponse::json(QJsonObject {{QStringLiteral("slept"), ms}});
    });
    router.add("POST", QStringLiteral("/echo"), [](const HttpRequest &request) {
        return HttpResponse::text(request.body, 200, request.header("Content-Type"));
    });
    router.add("POST", QStringLiteral("/json"), [](const HttpRequest &request) {
        return HttpResponse::json(QJsonObject {{QStringLiteral("received"), request.jsonObject()}}, 201);
    });
    get("/throw",
        [](const HttpRequest &) -> HttpResponse { throw std::runtime_error("deliberate failure"); });
    get("/conflict", [](const HttpRequest &) -> HttpResponse {
        throw http::ApiError(409, QStringLiteral("conflict"), QStringLiteral("Already running"),
            QJsonObject {{QStringLiteral("job_id"), QStringLiteral("j1")}});
    });
    get("/returned-error", [](const HttpRequest &) {
        return HttpResponse::error(http::ApiError::badRequest(QStringLiteral("Bad symbol")));
    });
    router.add(
        "POST", QStringLiteral("/big-upload"),
        [](const HttpRequest &request) {
            return HttpResponse::json(QJsonObject {{QStringLiteral("bytes"), request.body.size()}});
        },
        http::Access::needs(http::Scope::Analyze), bigUploadLimit);
    get("/items/{id}", [](const HttpRequest &request) {
        return HttpResponse::json(
            QJsonObject {{QStringLiteral("id"), request.pathParam(QStringLiteral("id"))},
                {QStringLiteral("q"), request.queryValue(QStringLiteral("q"))}});
    });
    router.add(
        "DELETE", QStringLiteral("/items/{id}"),
        [](const HttpRequest &) { return HttpResponse::noContent(); },
        http::Access::needs(http::Scope::Admin));
    get("/items/{id}/notes", [](const HttpRequest &request) {
        return HttpResponse::json(
            QJsonObject {{QStringLiteral("notes_of"), request.pathParam(QStringLiteral("id"))}});
    });
    get("/thread", [](const HttpRequest &) {
        return HttpResponse::json(
            QJsonObject {{QStringLiteral("thread"), http::HandlerPool::currentThreadIndex()}});
    });
    get("/block", [hooks](const HttpRequest &) {
        if (hooks.block)
            hooks.block();
        return HttpResponse::json(QJsonObject {{QStringLiteral("unblocked"), true}});
    });
    router.add(
        "GET", QStringLiteral("/admin"),
        [](const HttpRequest &) { return HttpResponse::json(QJsonObject {}); },
        http::Access::needs(http::Scope::Admin));
    router.add(
        "GET", QStringLiteral("/public"),
        [](const HttpRequest &) { return HttpResponse::json(QJsonObject {}); }, http::Access::open());
    return router;
}

} // namespace thetool::test
