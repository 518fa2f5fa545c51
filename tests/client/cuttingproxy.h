#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace thetool::test {

// A TCP relay on 127.0.0.1 in front of a real server, run on the test's event loop, that
// can break event streams the way a proxy or a flaky network does: cut the open ones, or
// refuse new ones with a 503. Everything else passes through unchanged.
class CuttingProxy : public QObject
{
public:
    explicit CuttingProxy(quint16 upstreamPort, QObject *parent = nullptr);
    ~CuttingProxy() override;

    bool listen();
    quint16 port() const { return m_server.serverPort(); }

    // New GET /api/events requests are answered 503 and closed while on.
    void setRefuseStreams(bool on) { m_refuseStreams = on; }
    // Resets every connection that carries an event stream; returns how many.
    int cutStreams();
    int streamsOpened() const { return m_streamsOpened; }
    int streamsRefused() const { return m_streamsRefused; }

private:
    struct Pair {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray waiting; // client bytes before the upstream connected
        bool stream = false;
    };
    void accept();
    void fromClient(Pair *pair);
    void close(Pair *pair);

    QTcpServer m_server;
    quint16 m_upstreamPort;
    QList<Pair *> m_pairs;
    bool m_refuseStreams = false;
    int m_streamsOpened = 0;
    int m_streamsRefused = 0;
};

} // namespace thetool::test
