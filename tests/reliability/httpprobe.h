#pragma once

#include <QByteArray>
#include <QString>

#include <chrono>

namespace thetool::test {

// One HTTP/1.1 exchange on a fresh connection, from a chosen loopback source address,
// with one deadline over connect, send and the whole answer: the reliability tests need
// to tell "answered", "refused or reset" (a killed server) and "hung past its bound" apart.
class HttpProbe
{
public:
    enum class Outcome {
        Answered, // a complete response (or, for a stream, its status line and headers)
        Failed, // refused, reset or closed before a complete answer
        TimedOut, // no complete answer within the bound: a hang
    };
    struct Result {
        Outcome outcome = Outcome::Failed;
        int status = 0;
        QByteArray body;
        qint64 elapsedMs = 0;
    };

    explicit HttpProbe(std::chrono::milliseconds bound, QString sourceAddress = QStringLiteral("127.0.0.1"));

    // `headers` as "Name: value\r\n" lines; Host, Content-Length and Connection: close are added.
    Result request(quint16 port, const QByteArray &method, const QByteArray &target,
        const QByteArray &headers = {}, const QByteArray &body = {}) const;
    // An event stream: waits for the status and headers, then keeps reading until
    // `holdFor` has passed (or the server ends it) and closes. Answered once the header arrived.
    Result stream(quint16 port, const QByteArray &target, const QByteArray &headers,
        std::chrono::milliseconds holdFor) const;

    // A loopback port nobody listens on right now (bound and released: a small race).
    static quint16 freePort();
    // A non-blocking TCP connection from `sourceAddress` to 127.0.0.1:port; -1 on failure.
    static int connectFrom(const QString &sourceAddress, quint16 port, bool blocking);

private:
    std::chrono::milliseconds m_bound;
    QString m_source;
};

} // namespace thetool::test
