// The HTTP API layer over real sockets: routing, 404/405, the error envelope, request
// ids, security headers, JSON bodies, handler-thread hooks and the policy hooks.
#include "tests/http/testserver.h"

// Every public header of backend/http together: none may drag in Asio or Beast.
#include "backend/http/apierror.h"
#include "backend/http/authenticator.h"
#include "backend/http/corspolicy.h"
#include "backend/http/errormapper.h"
#include "backend/http/handlerpool.h"
#include "backend/http/httprequest.h"
#include "backend/http/httpresponse.h"
#include "backend/http/httpserver.h"
#include "backend/http/httpserveroptions.h"
#include "backend/http/ratelimiter.h"
#include "backend/http/requestid.h"
#include "backend/http/requestpipeline.h"
#include "backend/http/router.h"
#include "backend/http/terminationsignal.h"
#if defined(BOOST_ASIO_DETAIL_CONFIG_HPP) || defined(BOOST_BEAST_CORE_DETAIL_CONFIG_HPP)
#error "a public header of backend/http includes Asio or Beast"
#endif

#include <QJsonDocument>
#include <QTest>

#include <atomic>

using namespace thetool;
using test::errorOf;
using test::jsonOf;
using test::RawClient;

namespace {

// Denies every non-public route without "X-Test-Key: good"; the rate limiter refuses
// "/items/limited". They stand in for the next step's policies to pin the call order.
class TestAuthenticator final : public http::Authenticator
{
public:
    std::optional<http::ApiError> authenticate(http::HttpRequest &request, const http::Route &) const override
    {
        if (request.header("X-Test-Key") != "good")
            return http::ApiError(
                401, QStringLiteral("unauthorized"), QStringLiteral("Missing or invalid key"));
        request.principal = QStringLiteral("tester");
        return std::nullopt;
    }
};

class TestRateLimiter final : public http::RateLimiter
{
public:
    std::optional<http::ApiError> check(const http::HttpRequest &request, const http::Route &) const override
    {
        if (request.pathParam(QStringLiteral("id")) == QStringLiteral("limited"))
            return http::ApiError(429, QStringLiteral("rate_limited"), QStringLiteral("Slow down"))
                .withRetryAfter(7);
        return std::nullopt;
    }
};

class TestCors final : public http::CorsPolicy
{
public:
    std::optional<http::HttpResponse> preflight(const http::HttpRequest &request) const override
    {
        if (request.header("Origin").isEmpty())
            return std::nullopt;
        http::HttpResponse response = http::HttpResponse::noContent();
        response.setHeader("Access-Control-Allow-Origin", request.header("Origin"));
        return response;
    }
    void decorate(const http::HttpRequest &request, http::HttpResponse &response) const override
    {
        if (!request.header("Origin").isEmpty())
            response.setHeader("Access-Control-Allow-Origin", request.header("Origin"));
    }
};

} // namespace

class TestHttpApi : public QObject
{
    Q_OBJECT

    test::TestServer m_test;

private Q_SLOTS:
    void cleanup() { m_test.reset(); }

    void routerTable()
    {
        const http::Handler handler = [](const http::HttpRequest &) {
            return http::HttpResponse::noContent();
        };
        http::Router router;
        QVERIFY(router.add("GET", QStringLiteral("/api/analysis/status/{job_id}"), handler));
        QVERIFY(router.add("GET", QStringLiteral("/api/analysis/status/all"), handler));
        QVERIFY(!router.add("GET", QStringLiteral("/api/analysis/status/all"), handler)); // duplicate
        QVERIFY(!router.add("GET", QStringLiteral("/a/{broken"), handler));
        QVERIFY(!router.add("GET", QStringLiteral("no-slash"), handler));
        const auto literal = router.match("GET", QStringLiteral("/api/analysis/status/all"));
        QVERIFY(literal.route);
        QCOMPARE(literal.route->pattern, QStringLiteral("/api/analysis/status/all"));
        QVERIFY(literal.params.isEmpty());
        const auto param = router.match("GET", QStringLiteral("/api/analysis/status/42"));
        QVERIFY(param.route);
        QCOMPARE(param.params.value(QStringLiteral("job_id")), QStringLiteral("42"));
        QVERIFY(!router.match("GET", QStringLiteral("/api/analysis/status/")).route); // empty parameter
        const auto wrongMethod = router.match("POST", QStringLiteral("/api/analysis/status/42"));
        QVERIFY(!wrongMethod.route);
        QCOMPARE(wrongMethod.allowedMethods, (QStringList {QStringLiteral("GET"), QStringLiteral("HEAD")}));
    }

    void startRefusesBadOptions_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("io threads") << 0 << QStringLiteral("I/O threads must be 1 or 2");
        QTest::newRow("handler threads") << 1 << QStringLiteral("handler threads");
        QTest::newRow("header limit") << 2 << QStringLiteral("header limit");
        QTest::newRow("timeout") << 3 << QStringLiteral("timeouts must be positive");
        QTest::newRow("address") << 4 << QStringLiteral("invalid bind address");
        QTest::newRow("port in use") << 5 << QStringLiteral("cannot listen");
    }

    void startRefusesBadOptions()
    {
        QFETCH(int, field);
        QFETCH(QString, message);
        test::TestServer occupied;
        http::HttpServerOptions options = test::testServerOptions();
        switch (field) {
        case 0:
            options.ioThreads = 3;
            break;
        case 1:
            options.handlerThreads = 0;
            break;
        case 2:
            options.headerLimit = 10;
            break;
        case 3:
            options.readTimeout = std::chrono::milliseconds(0);
            break;
        case 4:
            options.bindAddress = QStringLiteral("not-an-address");
            break;
        default:
            QVERIFY(occupied.start());
            options.port = occupied.port();
            break;
        }
        http::HttpServer server(options, test::makeTestRouter());
        QString error;
        QVERIFY(!server.start(&error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(server.port(), quint16(0));
    }

    void notFoundAndMethodNotAllowedAsJson_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("404") << RawClient::get("/nope") << 404 << QStringLiteral("NOT_FOUND") << QByteArray();
        QTest::newRow("404 deeper") << RawClient::get("/items/1/2/3") << 404 << QStringLiteral("NOT_FOUND")
                                    << QByteArray();
        QTest::newRow("405 one") << RawClient::get("/echo") << 405 << QStringLiteral("METHOD_NOT_ALLOWED")
                                 << QByteArray("POST");
        QTest::newRow("405 two") << QByteArray(
            "PUT /items/9 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
                                 << 405 << QStringLiteral("METHOD_NOT_ALLOWED")
                                 << QByteArray("DELETE, GET, HEAD");
        QTest::newRow("OPTIONS without CORS")
            << QByteArray("OPTIONS /ping HTTP/1.1\r\nHost: t\r\n\r\n") << 405
            << QStringLiteral("METHOD_NOT_ALLOWED") << QByteArray("GET, HEAD");
    }

    void notFoundAndMethodNotAllowedAsJson()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QByteArray, allow);
        QVERIFY(m_test.start());
        const auto response = m_test.roundTrip(request);
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QVERIFY(response->header("Content-Type").startsWith("application/json"));
        const QJsonObject error = errorOf(*response);
        QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(!error.value(QStringLiteral("timestamp")).toString().isEmpty());
        QCOMPARE(response->header("Allow"), allow);
    }

    void throwingHandlerIs500WithRequestIdAndServerStaysUp()
    {
        QVERIFY(m_test.start());
        RawClient client;
        QVERIFY(client.connectTo(m_test.port()));
        QVERIFY(client.send(RawClient::get("/throw", "X-Request-ID: rid-throw-1\r\n")));
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 500);
        QCOMPARE(response->header("X-Request-ID"), QByteArray("rid-throw-1"));
        const QJsonObject error = errorOf(*response);
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("INTERNAL_ERROR"));
        QCOMPARE(
            error.value(QStringLiteral("details")).toObject().value(QStringLiteral("request_id")).toString(),
            QStringLiteral("rid-throw-1"));
        QVERIFY(!response->body.contains("deliberate failure")); // exception text stays in the log
        QVERIFY(client.send(RawClient::get("/ping")));
        const auto next = client.readResponse();
        QVERIFY(next);
        QCOMPARE(next->status, 200);
    }

    void apiErrorThrownOrReturned_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("thrown") << QByteArray("/conflict") << 409 << QStringLiteral("conflict");
        QTest::newRow("returned") << QByteArray("/returned-error") << 400 << QStringLiteral("BAD_REQUEST");
    }

    void apiErrorThrownOrReturned()
    {
        QFETCH(QByteArray, target);
        QFETCH(int, status);
        QFETCH(QString, code);
        QVERIFY(m_test.start());
        const auto response = m_test.roundTrip(RawClient::get(target));
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QCOMPARE(errorOf(*response).value(QStringLiteral("code")).toString(), code);
    }

    void jsonBodies_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("object") << QByteArray("application/json") << QByteArray(R"({"symbol":"RELIANCE"})")
                                << 201 << QString();
        QTest::newRow("charset") << QByteArray("application/json; charset=utf-8") << QByteArray("{}") << 201
                                 << QString();
        QTest::newRow("malformed") << QByteArray("application/json") << QByteArray(R"({"symbol":)") << 400
                                   << QStringLiteral("BAD_REQUEST");
        QTest::newRow("array") << QByteArray("application/json") << QByteArray("[1]") << 400
                               << QStringLiteral("BAD_REQUEST");
        QTest::newRow("not json") << QByteArray("text/plain") << QByteArray("{}") << 415
                                  << QStringLiteral("UNSUPPORTED_MEDIA_TYPE");
    }

    void jsonBodies()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QVERIFY(m_test.start());
        const auto response = m_test.roundTrip("POST /json HTTP/1.1\r\nHost: t\r\nContent-Type: "
            + contentType + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY(response);
        QCOMPARE(response->status, status);
        if (code.isEmpty())
            QCOMPARE(jsonOf(*response).value(QStringLiteral("received")).toObject(),
                QJsonDocument::fromJson(body).object());
        else
            QCOMPARE(errorOf(*response).value(QStringLiteral("code")).toString(), code);
    }

    void requestIdAcceptedOrGenerated_data()
    {
        QTest::addColumn<QByteArray>("sent");
        QTest::addColumn<bool>("kept");
        QTest::newRow("valid") << QByteArray("abc-123_x.y:z") << true;
        QTest::newRow("none") << QByteArray() << false;
        QTest::newRow("too long") << QByteArray(65, 'a') << false;
        QTest::newRow("unsafe chars") << QByteArray("a<script>") << false;
        QTest::newRow("spaces") << QByteArray("a b") << false;
    }

    void requestIdAcceptedOrGenerated()
    {
        QFETCH(QByteArray, sent);
        QFETCH(bool, kept);
        QVERIFY(m_test.start());
        const QByteArray header = sent.isEmpty() ? QByteArray() : "X-Request-ID: " + sent + "\r\n";
        const auto response = m_test.roundTrip(RawClient::get("/ping", header));
        QVERIFY(response);
        const QByteArray echoed = response->header("X-Request-ID");
        if (kept) {
            QCOMPARE(echoed, sent);
        } else {
            QVERIFY(echoed != sent);
            QCOMPARE(echoed.size(), 36); // a generated UUID
        }
    }

    void securityHeadersOnEveryResponse_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("200") << RawClient::get("/ping");
        QTest::newRow("404") << RawClient::get("/nope");
        QTest::newRow("500") << RawClient::get("/throw");
        QTest::newRow("431") << RawClient::get("/ping", "X-Big: " + QByteArray(20000, 'b') + "\r\n");
    }

    void securityHeadersOnEveryResponse()
    {
        QFETCH(QByteArray, request);
        QVERIFY(m_test.start());
        const auto response = m_test.roundTrip(request);
        QVERIFY(response);
        QCOMPARE(response->header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(response->header("Cache-Control"), QByteArray("no-store"));
    }

    void pathParametersAndQueryDecoded()
    {
        QVERIFY(m_test.start());
        const auto item = m_test.roundTrip(RawClient::get("/items/a%20b?q=x+y%26z&other=1"));
        QVERIFY(item);
        QCOMPARE(jsonOf(*item).value(QStringLiteral("id")).toString(), QStringLiteral("a b"));
        QCOMPARE(jsonOf(*item).value(QStringLiteral("q")).toString(), QStringLiteral("x y&z"));
        const auto notes = m_test.roundTrip(RawClient::get("/items/7/notes"));
        QVERIFY(notes);
        QCOMPARE(jsonOf(*notes).value(QStringLiteral("notes_of")).toString(), QStringLiteral("7"));
    }

    void handlerThreadsRunStartAndStopHooks()
    {
        http::HttpServerOptions options = test::testServerOptions();
        options.handlerThreads = 3;
        std::atomic<int> starts = 0;
        std::atomic<int> stops = 0;
        options.onHandlerThreadStart = [&starts](int) {
            ++starts;
        };
        options.onHandlerThreadStop = [&stops](int) {
            ++stops;
        };
        QVERIFY(m_test.start(options));
        QCOMPARE(starts.load(), 3);
        const auto response = m_test.roundTrip(RawClient::get("/thread"));
        QVERIFY(response);
        const int index = jsonOf(*response).value(QStringLiteral("thread")).toInt(-1);
        QVERIFY2(index >= 0 && index < 3, qPrintable(QString::number(index)));
        QCOMPARE(stops.load(), 0);
        QVERIFY(m_test.server().stop());
        QCOMPARE(stops.load(), 3);
    }

    void policiesRunInOrder()
    {
        http::RequestPipeline::Policies policies {std::make_shared<TestCors>(),
            std::make_shared<TestAuthenticator>(), std::make_shared<TestRateLimiter>(), {}, {}};
        QVERIFY(m_test.start(test::testServerOptions(), {}, policies));
        const auto denied = m_test.roundTrip(RawClient::get("/items/1"));
        QVERIFY(denied);
        QCOMPARE(denied->status, 401);
        const auto open = m_test.roundTrip(RawClient::get("/public"));
        QVERIFY(open);
        QCOMPARE(open->status, 200);
        const auto allowed = m_test.roundTrip(RawClient::get("/items/1", "X-Test-Key: good\r\n"));
        QVERIFY(allowed);
        QCOMPARE(allowed->status, 200);
        // Rate limiting runs after auth: an unauthenticated caller sees 401, not 429.
        const auto limitedAnonymous = m_test.roundTrip(RawClient::get("/items/limited"));
        QVERIFY(limitedAnonymous);
        QCOMPARE(limitedAnonymous->status, 401);
        const auto limited = m_test.roundTrip(RawClient::get("/items/limited", "X-Test-Key: good\r\n"));
        QVERIFY(limited);
        QCOMPARE(limited->status, 429);
        QCOMPARE(limited->header("Retry-After"), QByteArray("7"));
        // The preflight is answered before auth and routing.
        const auto preflight =
            m_test.roundTrip("OPTIONS /items/1 HTTP/1.1\r\nHost: t\r\nOrigin: http://localhost:3000\r\n"
                             "Access-Control-Request-Method: GET\r\n\r\n");
        QVERIFY(preflight);
        QCOMPARE(preflight->status, 204);
        QCOMPARE(preflight->header("Access-Control-Allow-Origin"), QByteArray("http://localhost:3000"));
        QCOMPARE(preflight->header("X-Content-Type-Options"), QByteArray("nosniff"));
    }
};

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_http_api.moc"
