#include "tests/reliability/httpprobe.h"

#include <QElapsedTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace thetool::test {

namespace {

// Waits for `events` on fd until the deadline; false on timeout.
bool waitFor(int fd, short events, const QElapsedTimer &timer, qint64 boundMs)
{
    const qint64 left = boundMs - timer.elapsed();
    if (left <= 0)
        return false;
    pollfd entry {fd, events, 0};
    return ::poll(&entry, 1, static_cast<int>(left)) > 0;
}

// The status code and, once the header is complete, where the body starts; -1 until then.
qsizetype headerEnd(const QByteArray &data, int *status)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return -1;
    const qsizetype space = data.indexOf(' ');
    *status = space < 0 ? 0 : data.mid(space + 1, 3).toInt();
    return end + 4;
}

// True when `data` holds the whole response: a Content-Length body or a final chunk.
bool complete(const QByteArray &data, qsizetype bodyStart)
{
    const QByteArray head = data.first(bodyStart).toLower();
    const qsizetype at = head.indexOf("\r\ncontent-length:");
    if (at >= 0) {
        const qsizetype lineEnd = head.indexOf("\r\n", at + 2);
        const qint64 length = head.mid(at + 17, lineEnd - at - 17).trimmed().toLongLong();
        return data.size() - bodyStart >= length;
    }
    if (head.contains("\r\ntransfer-encoding: chunked"))
        return data.endsWith("0\r\n\r\n");
    return false; // close-delimited: complete at EOF
}

} // namespace

HttpProbe::HttpProbe(std::chrono::milliseconds bound, QString sourceAddress)
    : m_bound(bound)
    , m_source(std::move(sourceAddress))
{ }

quint16 HttpProbe::freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

int HttpProbe::connectFrom(const QString &sourceAddress, quint16 port, bool blocking)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (blocking ? 0 : SOCK_NONBLOCK), 0);
    if (fd < 0)
        return -1;
    sockaddr_in local {};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, sourceAddress.toLatin1().constData(), &local.sin_addr);
    sockaddr_in remote {};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0
        || (::connect(fd, reinterpret_cast<sockaddr *>(&remote), sizeof remote) != 0
            && errno != EINPROGRESS)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

HttpProbe::Result HttpProbe::request(quint16 port, const QByteArray &method, const QByteArray &target,
    const QByteArray &headers, const QByteArray &body) const
{
    Result result;
    QElapsedTimer timer;
    timer.start();
    const qint64 bound = m_bound.count();
    const int fd = connectFrom(m_source, port, false);
    const auto finish = [&](Outcome outcome) {
        if (fd >= 0)
            ::close(fd);
        result.outcome = outcome;
        result.elapsedMs = timer.elapsed();
        return result;
    };
    if (fd < 0)
        return finish(Outcome::Failed);
    if (!waitFor(fd, POLLOUT, timer, bound))
        return finish(Outcome::TimedOut);
    int soError = 0;
    socklen_t length = sizeof soError;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length);
    if (soError != 0)
        return finish(Outcome::Failed);

    QByteArray out =
        method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers;
    if (!body.isEmpty() || method == "POST")
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n" + body;
    qsizetype sent = 0;
    while (sent < out.size()) {
        const ssize_t n =
            ::send(fd, out.constData() + sent, static_cast<size_t>(out.size() - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!waitFor(fd, POLLOUT, timer, bound))
                return finish(Outcome::TimedOut);
        } else {
            return finish(Outcome::Failed);
        }
    }
    QByteArray in;
    char buffer[16384];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            in.append(buffer, n);
            const qsizetype start = headerEnd(in, &result.status);
            if (start >= 0 && complete(in, start)) {
                result.body = in.sliced(start);
                return finish(Outcome::Answered);
            }
            continue;
        }
        if (n == 0) { // EOF: a close-delimited body ends here, anything else was cut short
            const qsizetype start = headerEnd(in, &result.status);
            if (start >= 0 && !in.first(start).toLower().contains("content-length")
                && !in.first(start).toLower().contains("chunked")) {
                result.body = in.sliced(start);
                return finish(Outcome::Answered);
            }
            return finish(Outcome::Failed);
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return finish(Outcome::Failed);
        if (!waitFor(fd, POLLIN, timer, bound))
            return finish(Outcome::TimedOut);
    }
}

HttpProbe::Result HttpProbe::stream(quint16 port, const QByteArray &target, const QByteArray &headers,
    std::chrono::milliseconds holdFor) const
{
    Result result;
    QElapsedTimer timer;
    timer.start();
    const qint64 bound = m_bound.count();
    const int fd = connectFrom(m_source, port, true);
    const auto finish = [&](Outcome outcome) {
        if (fd >= 0)
            ::close(fd);
        result.outcome = outcome;
        result.elapsedMs = timer.elapsed();
        return result;
    };
    if (fd < 0)
        return finish(Outcome::Failed);
    const QByteArray out =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" + headers + "\r\n";
    if (::send(fd, out.constData(), static_cast<size_t>(out.size()), MSG_NOSIGNAL) != out.size())
        return finish(Outcome::Failed);
    QByteArray in;
    char buffer[4096];
    qsizetype start = -1;
    while (start < 0) {
        if (!waitFor(fd, POLLIN, timer, bound))
            return finish(Outcome::TimedOut);
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            return finish(Outcome::Failed);
        in.append(buffer, n);
        start = headerEnd(in, &result.status);
    }
    if (result.status != 200) { // a refusal: read its JSON error to the end
        while (!complete(in, start)) {
            if (!waitFor(fd, POLLIN, timer, bound))
                return finish(Outcome::TimedOut);
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            in.append(buffer, n);
        }
        result.body = in.sliced(start);
        return finish(Outcome::Answered);
    }
    // Keep the stream open like a dashboard would; the server may end it first.
    const qint64 until = timer.elapsed() + holdFor.count();
    while (timer.elapsed() < until) {
        if (!waitFor(fd, POLLIN, timer, until))
            break;
        if (::recv(fd, buffer, sizeof buffer, 0) <= 0)
            break;
    }
    return finish(Outcome::Answered);
}

} // namespace thetool::test
