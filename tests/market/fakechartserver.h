#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QThread>

#include <mutex>

class QTcpServer;
class QTcpSocket;

namespace thetool::test {

// A local HTTP server on its own thread standing in for Yahoo's chart API: it answers each
// request with the next scripted response (the last one repeats) and records what it was
// asked. A stalled response never answers. Runs on a thread of its own so a test may block
// in PendingFetch::wait().
class FakeChartServer : public QObject
{
    Q_OBJECT

public:
    struct Response {
        int status = 200;
        QByteArray body;
        bool stall = false;
        QByteArray headers; // extra header lines, each ending in \r\n
        int delayMs = 0; // answer after this long (a slow provider)
    };

    FakeChartServer();
    ~FakeChartServer() override;

    quint16 port() const { return m_port; }
    QString url() const;
    void setScript(const QList<Response> &script);
    int requestCount() const;
    QList<QByteArray> requests() const; // request targets (path and query)
    QList<QByteArray> userAgents() const;

private:
    void onConnection();
    void onReadable(QTcpSocket *socket);

    QThread m_thread;
    QTcpServer *m_server = nullptr;
    quint16 m_port = 0;
    mutable std::mutex m_mutex;
    QList<Response> m_script;
    QList<QByteArray> m_requests;
    QList<QByteArray> m_userAgents;
};

} // namespace thetool::test
