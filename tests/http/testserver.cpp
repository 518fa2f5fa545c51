#include "tests/http/testserver.h"

#include <QDebug>
#include <QJsonDocument>

namespace thetool::test {

http::HttpServerOptions testServerOptions()
{
    http::HttpServerOptions options;
    options.ioThreads = 2;
    options.handlerThreads = 2;
    options.shutdownTimeout = std::chrono::seconds(10);
    return options;
}

bool TestServer::start(
    const http::HttpServerOptions &options, TestRouteHooks hooks, http::RequestPipeline::Policies policies)
{
    m_server =
        std::make_unique<http::HttpServer>(options, makeTestRouter(std::move(hooks)), std::move(policies));
    QString error;
    const bool ok = m_server->start(&error);
    if (!ok)
        qWarning() << error;
    return ok && m_server->port() != 0;
}

std::optional<RawClient::Response> TestServer::roundTrip(const QByteArray &request) const
{
    RawClient client;
    if (!client.connectTo(port()) || !client.send(request))
        return std::nullopt;
    return client.readResponse();
}

QJsonObject jsonOf(const RawClient::Response &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QJsonObject errorOf(const RawClient::Response &response)
{
    return jsonOf(response).value(QStringLiteral("error")).toObject();
}

} // namespace thetool::test
