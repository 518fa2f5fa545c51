#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace thetool::test {

// A Server-Sent Events reader on a plain socket (as a browser's EventSource would read),
// so a test can also stop reading and shrink its receive buffer. It undoes the chunked
// transfer coding and splits messages; every wait is bounded.
class SseClient
{
public:
    struct Event {
        qint64 id = -1;
        QString type;
        QByteArray data;
    };

    // receiveBufferBytes > 0 sets SO_RCVBUF before connecting (a small window).
    explicit SseClient(int receiveBufferBytes = 0);
    // Sends HTTP/1.0 requests (the stream is then delimited by the close, not chunked).
    void setHttp10(bool http10) { m_http10 = http10; }
    ~SseClient();
    SseClient(const SseClient &) = delete;
    SseClient &operator=(const SseClient &) = delete;

    // Connects, sends `GET target` with `headers` ("Name: value\r\n" lines) and reads the
    // response head. True when it arrived (any status); status() tells which.
    bool open(quint16 port, const QByteArray &target, const QByteArray &headers = {}, int timeoutMs = 10000);
    int status() const { return m_status; }
    QByteArray header(QByteArrayView name) const;
    // The body of a non-stream answer (an error), read to its Content-Length.
    QByteArray errorBody(int timeoutMs = 5000);

    // Reads until `count` events have arrived in total or `timeoutMs` passed; returns all
    // events received so far (and forgets them).
    QList<Event> readEvents(int count, int timeoutMs);
    // Reads (discarding) until the server ends the stream or closes; false on timeout.
    bool waitClosed(int timeoutMs);
    // The terminating zero-length chunk arrived (a clean end of the stream).
    bool endedCleanly() const { return m_ended; }
    int commentCount() const { return m_comments; }
    qint64 bytesReceived() const { return m_received; }
    void close();

private:
    bool fill(int timeoutMs); // one recv; false on close, error or timeout
    void decode();
    void parseMessages();

    int m_fd = -1;
    int m_receiveBuffer;
    int m_status = 0;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    bool m_chunked = false;
    bool m_http10 = false;
    bool m_ended = false;
    bool m_closed = false;
    int m_comments = 0;
    qint64 m_received = 0;
    QByteArray m_raw; // as received, after the head
    QByteArray m_text; // de-chunked, not yet parsed
    QList<Event> m_events;
};

} // namespace thetool::test
