#include "tests/client/cuttingproxy.h"

#include <QHostAddress>

namespace thetool::test {

namespace {
// A request line of the stream route (not its polling twin /api/events/poll).
bool isStreamRequest(const QByteArray &bytes)
{
    static const QByteArray prefix = "GET /api/events";
    if (!bytes.startsWith(prefix) || bytes.size() <= prefix.size())
        return false;
    const char next = bytes.at(prefix.size());
    return next == ' ' || next == '?';
}
} // namespace

CuttingProxy::CuttingProxy(quint16 upstreamPort, QObject *parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &CuttingProxy::accept);
}

CuttingProxy::~CuttingProxy()
{
    for (Pair *pair : std::as_const(m_pairs)) {
        if (pair->client)
            pair->client->abort();
        if (pair->upstream)
            pair->upstream->abort();
        delete pair;
    }
}

bool CuttingProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void CuttingProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *pair = new Pair;
        pair->client = client;
        pair->upstream = new QTcpSocket(this);
        client->setParent(this);
        m_pairs.append(pair);
        connect(client, &QTcpSocket::readyRead, this, [this, pair] { fromClient(pair); });
        connect(client, &QTcpSocket::disconnected, this, [this, pair] { close(pair); });
        connect(pair->upstream, &QTcpSocket::connected, this, [pair] {
            pair->upstream->write(pair->waiting);
            pair->waiting.clear();
        });
        connect(pair->upstream, &QTcpSocket::readyRead, this, [pair] {
            if (pair->client)
                pair->client->write(pair->upstream->readAll());
        });
        connect(pair->upstream, &QTcpSocket::disconnected, this, [this, pair] { close(pair); });
        connect(pair->upstream, &QTcpSocket::errorOccurred, this, [this, pair] { close(pair); });
        pair->upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

void CuttingProxy::fromClient(Pair *pair)
{
    if (!pair->client)
        return;
    const QByteArray bytes = pair->client->readAll();
    // Requests on a kept-alive connection start at a read boundary (no pipelining).
    if (isStreamRequest(bytes)) {
        if (m_refuseStreams) {
            ++m_streamsRefused;
            const QByteArray body =
                R"({"error":{"code":"STREAM_REFUSED","message":"event streams are refused by the test proxy"}})";
            pair->client->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                "Connection: close\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            pair->client->disconnectFromHost();
            if (pair->upstream)
                pair->upstream->abort();
            return;
        }
        pair->stream = true;
        ++m_streamsOpened;
    }
    if (pair->upstream && pair->upstream->state() == QAbstractSocket::ConnectedState)
        pair->upstream->write(bytes);
    else
        pair->waiting += bytes;
}

int CuttingProxy::cutStreams()
{
    int cut = 0;
    for (Pair *pair : std::as_const(m_pairs)) {
        if (!pair->stream)
            continue;
        ++cut;
        pair->stream = false;
        if (pair->client)
            pair->client->abort();
        if (pair->upstream)
            pair->upstream->abort();
    }
    return cut;
}

void CuttingProxy::close(Pair *pair)
{
    // Flush what one side sent before closing the other.
    for (QTcpSocket *socket : {pair->client.data(), pair->upstream.data()}) {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            socket->disconnectFromHost();
    }
    pair->stream = false;
}

} // namespace thetool::test
