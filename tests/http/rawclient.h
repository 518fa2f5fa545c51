#pragma once

#include <QByteArray>
#include <QList>

#include <optional>
#include <utility>

namespace thetool::test {

// A plain TCP client (POSIX sockets) so tests can send exactly the bytes they mean:
// malformed, pipelined, stalled. Every wait is bounded by a receive timeout.
class RawClient
{
public:
    struct Response {
        int status = 0;
        QByteArray statusLine;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray header(QByteArrayView name) const;
    };
    enum class CloseResult { Closed, TimedOut, DataReceived };

    explicit RawClient(int timeoutMs = 15000);
    ~RawClient();
    RawClient(const RawClient &) = delete;
    RawClient &operator=(const RawClient &) = delete;

    // False with errno kept in lastErrno() (e.g. ECONNREFUSED).
    bool connectTo(quint16 port);
    bool send(const QByteArray &bytes);
    // One response; nullopt when the connection closed or timed out first.
    std::optional<Response> readResponse();
    // The answer to a HEAD request: headers only, whatever Content-Length says.
    std::optional<Response> readHeadResponse();
    // Waits for the server to close (EOF or reset) without sending anything.
    CloseResult waitClosed();
    // Half-close: the server sees end of stream, we can still read.
    void shutdownWrite();
    void close();
    int lastErrno() const { return m_errno; }
    bool timedOut() const { return m_timedOut; }

    static QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {});

private:
    bool fill(); // one recv into m_buffer; false on close, error or timeout
    std::optional<Response> read(bool withBody);

    int m_fd = -1;
    int m_timeoutMs;
    int m_errno = 0;
    bool m_timedOut = false;
    QByteArray m_buffer;
};

} // namespace thetool::test
