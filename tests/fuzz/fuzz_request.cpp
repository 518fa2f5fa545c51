// libFuzzer target: one HTTP request, built from arbitrary bytes, through the server's
// request handling without a socket: the request target decoding (HttpRequest::setTarget),
// the router, and RequestPipeline with the production policies (AllowListCors, ApiKeyAuth
// on the master key, RequestRateLimit) around routes at the server's own patterns whose
// handlers run the real body parsing and validation (jsonObject, parseAnalyzeRequest,
// parseBulkRequest). Every answer must be a status in 100-599 with the request id, and
// every error a JSON envelope; a valid analyze request must survive its job config.
//
// Input: "METHOD TARGET\n", then "Name: value\n" header lines, an empty line, the body.
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "backend/http/requestpipeline.h"
#include "backend/http/router.h"
#include "backend/jobs/analyzerequest.h"
#include "backend/security/authenticator.h"
#include "backend/security/clientaddress.h"
#include "backend/security/corspolicy.h"
#include "backend/security/ratelimiter.h"
#include "backend/server/httppolicies.h"

namespace {

using namespace thetool;

const QString masterKey = QStringLiteral("fuzz-master-key-0123456789abcdef0123");

http::HttpResponse analyze(const http::HttpRequest &request)
{
    const QJsonObject body = request.jsonObject();
    jobs::AnalyzeValidation validation;
    const jobs::AnalyzeRequest parsed = jobs::parseAnalyzeRequest(body, &validation);
    if (!validation.ok())
        throw http::ApiError(400, QStringLiteral("VALIDATION_ERROR"),
            QStringLiteral("Request validation failed"),
            {{QStringLiteral("validation_errors"), validation.errors}});
    if (parsed.tickers.isEmpty() || parsed.strategyId < 1 || parsed.strategyId > 5)
        __builtin_trap(); // validation passed something the workers cannot run
    // What the worker reads back must be what was accepted.
    jobs::AnalyzeRequest back;
    if (!jobs::analyzeRequestFromJobConfig(parsed.jobConfig(), parsed.tickers, &back))
        __builtin_trap();
    if (back.tickers != parsed.tickers || back.strategyId != parsed.strategyId
        || back.formulaProfile != parsed.formulaProfile || back.useDemoData != parsed.useDemoData)
        __builtin_trap();
    (void)parsed.tickersJson();
    return http::HttpResponse::json(QJsonObject {{QStringLiteral("job_id"), QStringLiteral("fuzz")}}, 201);
}

http::HttpResponse bulk(const http::HttpRequest &request)
{
    static const QStringList universe {QStringLiteral("RELIANCE.NS"), QStringLiteral("TCS.NS")};
    const QJsonObject body = request.jsonObject();
    jobs::AnalyzeValidation validation;
    const jobs::BulkRequest parsed = jobs::parseBulkRequest(body, universe, &validation);
    if (!validation.ok())
        throw http::ApiError(400, QStringLiteral("VALIDATION_ERROR"),
            QStringLiteral("Request validation failed"),
            {{QStringLiteral("validation_errors"), validation.errors}});
    if (parsed.maxWorkers < 1 || parsed.maxWorkers > 10 || parsed.analyze.tickers.isEmpty())
        __builtin_trap();
    (void)jobs::bulkTickersJson(parsed.analyze);
    return http::HttpResponse::json(QJsonObject {{QStringLiteral("job_id"), QStringLiteral("fuzz")}}, 201);
}

http::Router routes()
{
    using http::Access;
    using http::Scope;
    http::Router router;
    router.add(
        "GET", QStringLiteral("/health"),
        [](const http::HttpRequest &) {
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("status"), 1}});
        },
        Access::open());
    router.add("POST", QStringLiteral("/api/analysis/analyze"), analyze, Access::needs(Scope::Analyze));
    router.add("POST", QStringLiteral("/api/stocks/analyze-all-stocks"), bulk, Access::needs(Scope::Analyze));
    router.add("GET", QStringLiteral("/api/analysis/status/{job_id}"), [](const http::HttpRequest &request) {
        return http::HttpResponse::json(
            QJsonObject {{QStringLiteral("job_id"), request.pathParam(QStringLiteral("job_id"))}});
    });
    router.add("GET", QStringLiteral("/api/jobs"), [](const http::HttpRequest &request) {
        bool ok = false;
        const int limit = request.queryValue(QStringLiteral("limit"), QStringLiteral("50")).toInt(&ok);
        if (!ok || limit < 1)
            throw http::ApiError::badRequest(QStringLiteral("limit must be a positive integer"));
        return http::HttpResponse::json(QJsonObject {{QStringLiteral("limit"), limit}});
    });
    router.add("GET", QStringLiteral("/api/events"), [](const http::HttpRequest &request) {
        return http::HttpResponse::json(QJsonObject {{QStringLiteral("principal"), request.principal}});
    });
    router.add(
        "DELETE", QStringLiteral("/api/admin/keys/{name}"),
        [](const http::HttpRequest &) { return http::HttpResponse::noContent(); },
        Access::needs(Scope::Admin));
    return router;
}

http::RequestPipeline makePipeline()
{
    auto limiter = std::make_shared<security::MemoryRateLimiter>();
    auto addresses =
        std::make_shared<const security::ClientAddressResolver>(QStringList {QStringLiteral("127.0.0.1")});
    http::RequestPipeline::Policies policies;
    policies.cors = std::make_shared<server::AllowListCors>(
        security::CorsPolicy(QStringList {QStringLiteral("https://app.example")}));
    policies.auth =
        std::make_shared<server::ApiKeyAuth>(std::make_shared<security::MasterKeyAuthenticator>(masterKey),
            limiter, addresses, QSet<QString> {QStringLiteral("GET /api/events")});
    server::RequestRateLimit::Limits limits;
    limits.jobCreationRoutes = {QStringLiteral("POST /api/analysis/analyze")};
    policies.rateLimiter = std::make_shared<server::RequestRateLimit>(limiter, addresses, limits);
    policies.accessLog = [](const http::AccessLogEntry &) {
    };
    return http::RequestPipeline(routes(), std::move(policies));
}

// Splits the input into method, target, headers and body; false when there is no first line.
bool readRequest(const QByteArray &input, QByteArray *target, http::HttpRequest *request)
{
    qsizetype end = input.indexOf('\n');
    if (end < 0)
        return false;
    const QByteArray first = input.first(end);
    const qsizetype space = first.indexOf(' ');
    request->method = space < 0 ? first : first.first(space);
    *target = space < 0 ? QByteArray() : first.sliced(space + 1);
    qsizetype at = end + 1;
    while (at < input.size()) {
        end = input.indexOf('\n', at);
        const QByteArray line = input.sliced(at, (end < 0 ? input.size() : end) - at);
        at = end < 0 ? input.size() : end + 1;
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            request->headers.append({line, QByteArray()});
        else
            request->headers.append({line.first(colon), line.sliced(colon + 1).trimmed()});
    }
    request->body = input.sliced(at);
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const http::RequestPipeline pipeline = makePipeline();
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    http::HttpRequest request;
    QByteArray target;
    if (!readRequest(input, &target, &request))
        return 0;
    request.peerAddress = QStringLiteral("127.0.0.1");
    const auto started = std::chrono::steady_clock::now();
    http::HttpResponse response;
    if (!request.setTarget(target)) {
        response =
            http::HttpResponse::error(http::ApiError::badRequest(QStringLiteral("Malformed request target")));
    } else {
        const http::Route *route = nullptr;
        if (std::optional<http::HttpResponse> early = pipeline.begin(request, &route))
            response = std::move(*early);
        else
            response = pipeline.handle(request, *route);
    }
    pipeline.finish(request, response, started);

    if (response.status < 100 || response.status > 599 || response.apiError)
        __builtin_trap();
    if (!request.requestId.isEmpty() && response.header("X-Request-ID").isEmpty())
        __builtin_trap();
    if (response.status >= 400 && !QJsonDocument::fromJson(response.body).isObject())
        __builtin_trap(); // every error is the JSON envelope
    return 0;
}
