#pragma once

#include "backend/http/httpserver.h"
#include "tests/http/rawclient.h"
#include "tests/http/testroutes.h"

#include <QJsonObject>

#include <memory>
#include <optional>

namespace thetool::test {

// Options for in-process test servers: two I/O threads (so strands must keep each
// connection serial), two handler threads, port 0.
http::HttpServerOptions testServerOptions();

// An HttpServer with the test routes on an ephemeral port, and a one-shot client.
class TestServer
{
public:
    bool start(const http::HttpServerOptions &options = testServerOptions(), TestRouteHooks hooks = {},
        http::RequestPipeline::Policies policies = {});
    void reset() { m_server.reset(); }
    http::HttpServer &server() { return *m_server; }
    quint16 port() const { return m_server->port(); }
    // One request on a fresh connection.
    std::optional<RawClient::Response> roundTrip(const QByteArray &request) const;

private:
    std::unique_ptr<http::HttpServer> m_server;
};

QJsonObject jsonOf(const RawClient::Response &response);
// The "error" object of the JSON error envelope.
QJsonObject errorOf(const RawClient::Response &response);

} // namespace thetool::test
