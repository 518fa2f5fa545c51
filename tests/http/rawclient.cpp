#include "tests/http/rawclient.h"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace thetool::test {

QByteArray RawClient::Response::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

RawClient::RawClient(int timeoutMs)
    : m_timeoutMs(timeoutMs)
{ }

RawClient::~RawClient()
{
    close();
}

bool RawClient::connectTo(quint16 port)
{
    close();
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0) {
        m_errno = errno;
        return false;
    }
    timeval tv {};
    tv.tv_sec = m_timeoutMs / 1000;
    tv.tv_usec = (m_timeoutMs % 1000) * 1000;
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        m_errno = errno;
        close();
        return false;
    }
    return true;
}

bool RawClient::send(const QByteArray &bytes)
{
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n =
            ::send(m_fd, bytes.constData() + sent, static_cast<size_t>(bytes.size() - sent), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            m_errno = errno;
            return false;
        }
        sent += n;
    }
    return true;
}

bool RawClient::fill()
{
    char chunk[16384];
    for (;;) {
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            m_buffer.append(chunk, n);
            return true;
        }
        if (n == 0)
            return false;
        if (errno == EINTR)
            continue;
        m_errno = errno;
        m_timedOut = errno == EAGAIN || errno == EWOULDBLOCK;
        return false;
    }
}

std::optional<RawClient::Response> RawClient::readResponse()
{
    return read(true);
}

std::optional<RawClient::Response> RawClient::readHeadResponse()
{
    return read(false);
}

std::optional<RawClient::Response> RawClient::read(bool withBody)
{
    if (m_fd < 0)
        return std::nullopt;
    qsizetype end = -1;
    while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (!fill())
            return std::nullopt;
    }
    Response response;
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    m_buffer.remove(0, end + 4);
    response.statusLine = lines.value(0).trimmed();
    response.status = response.statusLine.split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            response.headers.append(
                {lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    if (!withBody || response.status / 100 == 1 || response.status == 204)
        return response;
    const qsizetype length = response.header("Content-Length").toLongLong();
    while (m_buffer.size() < length) {
        if (!fill())
            return std::nullopt;
    }
    response.body = m_buffer.left(length);
    m_buffer.remove(0, length);
    return response;
}

RawClient::CloseResult RawClient::waitClosed()
{
    if (!m_buffer.isEmpty())
        return CloseResult::DataReceived;
    if (fill())
        return CloseResult::DataReceived;
    return m_timedOut ? CloseResult::TimedOut : CloseResult::Closed;
}

void RawClient::shutdownWrite()
{
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

void RawClient::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_buffer.clear();
    m_timedOut = false;
}

QByteArray RawClient::get(const QByteArray &target, const QByteArray &extraHeaders)
{
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n";
}

} // namespace thetool::test
