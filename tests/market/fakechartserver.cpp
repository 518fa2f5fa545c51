#include "tests/market/fakechartserver.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace thetool::test {

FakeChartServer::FakeChartServer()
{
    moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_server = new QTcpServer(this);
            m_server->listen(QHostAddress::LocalHost, 0);
            m_port = m_server->serverPort();
            connect(m_server, &QTcpServer::newConnection, this, &FakeChartServer::onConnection);
        },
        Qt::BlockingQueuedConnection);
}

FakeChartServer::~FakeChartServer()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            for (QTcpSocket *socket : findChildren<QTcpSocket *>())
                socket->abort();
            delete m_server;
            m_server = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString FakeChartServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

void FakeChartServer::setScript(const QList<Response> &script)
{
    std::lock_guard lock(m_mutex);
    m_script = script;
}

int FakeChartServer::requestCount() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_requests.size());
}

QList<QByteArray> FakeChartServer::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

QList<QByteArray> FakeChartServer::userAgents() const
{
    std::lock_guard lock(m_mutex);
    return m_userAgents;
}

void FakeChartServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void FakeChartServer::onReadable(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    socket->setProperty("buffer", buffer);
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    socket->setProperty("buffer", buffer.mid(end + 4));
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    QByteArray userAgent;
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("user-agent:"))
            userAgent = line.mid(11).trimmed();
    }
    Response response;
    {
        std::lock_guard lock(m_mutex);
        m_requests.append(requestLine.value(1));
        m_userAgents.append(userAgent);
        if (!m_script.isEmpty())
            response = m_script.size() > 1 ? m_script.takeFirst() : m_script.first();
    }
    if (response.stall)
        return;
    QByteArray reply = "HTTP/1.1 " + QByteArray::number(response.status) + " Scripted\r\n"
        + "Content-Type: application/json;charset=utf-8\r\nContent-Length: "
        + QByteArray::number(response.body.size()) + "\r\nConnection: close\r\n" + response.headers + "\r\n"
        + response.body;
    if (response.delayMs > 0) {
        QTimer::singleShot(response.delayMs, socket, [socket, reply] {
            socket->write(reply);
            socket->disconnectFromHost();
        });
        return;
    }
    socket->write(reply);
    socket->disconnectFromHost();
}

} // namespace thetool::test
