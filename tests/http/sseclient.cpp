#include "tests/http/sseclient.h"

#include <QDeadlineTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace thetool::test {

SseClient::SseClient(int receiveBufferBytes)
    : m_receiveBuffer(receiveBufferBytes)
{ }

SseClient::~SseClient()
{
    close();
}

void SseClient::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

QByteArray SseClient::header(QByteArrayView name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool SseClient::open(quint16 port, const QByteArray &target, const QByteArray &headers, int timeoutMs)
{
    close();
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0)
        return false;
    if (m_receiveBuffer > 0)
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &m_receiveBuffer, sizeof m_receiveBuffer);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
        return false;
    const QByteArray request = "GET " + target + (m_http10 ? " HTTP/1.0" : " HTTP/1.1")
        + "\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" + headers + "\r\n";
    if (::send(m_fd, request.constData(), static_cast<size_t>(request.size()), MSG_NOSIGNAL)
        != request.size())
        return false;

    QDeadlineTimer deadline(timeoutMs);
    qsizetype end = -1;
    while ((end = m_raw.indexOf("\r\n\r\n")) < 0) {
        if (deadline.hasExpired() || !fill(static_cast<int>(deadline.remainingTime())))
            return false;
    }
    const QList<QByteArray> lines = m_raw.left(end).split('\n');
    m_raw.remove(0, end + 4);
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    m_status = statusLine.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            m_headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    m_chunked = header("Transfer-Encoding").toLower().contains("chunked");
    decode();
    return true;
}

QByteArray SseClient::errorBody(int timeoutMs)
{
    const qsizetype length = header("Content-Length").toLongLong();
    QDeadlineTimer deadline(timeoutMs);
    while (m_raw.size() < length && !deadline.hasExpired()
        && fill(static_cast<int>(deadline.remainingTime()))) { }
    return m_raw.left(length);
}

bool SseClient::fill(int timeoutMs)
{
    if (m_fd < 0 || m_closed)
        return false;
    pollfd p {m_fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, qMax(0, timeoutMs));
    if (ready <= 0)
        return false;
    char chunk[16384];
    const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
        if (n < 0 && errno == EINTR)
            return true;
        m_closed = true;
        return false;
    }
    m_received += n;
    m_raw.append(chunk, n);
    return true;
}

void SseClient::decode()
{
    if (!m_chunked) {
        m_text += m_raw;
        m_raw.clear();
    } else {
        while (!m_ended) {
            const qsizetype lineEnd = m_raw.indexOf("\r\n");
            if (lineEnd < 0)
                break;
            bool ok = false;
            const qsizetype size = m_raw.left(lineEnd).trimmed().toLongLong(&ok, 16);
            if (!ok) {
                m_closed = true; // a framing error: treat as a broken connection
                break;
            }
            if (size == 0) {
                m_ended = true;
                break;
            }
            if (m_raw.size() < lineEnd + 2 + size + 2)
                break;
            m_text += m_raw.mid(lineEnd + 2, size);
            m_raw.remove(0, lineEnd + 2 + size + 2);
        }
    }
    parseMessages();
}

void SseClient::parseMessages()
{
    qsizetype end = -1;
    while ((end = m_text.indexOf("\n\n")) >= 0) {
        const QByteArray message = m_text.left(end);
        m_text.remove(0, end + 2);
        Event event;
        bool any = false;
        for (const QByteArray &line : message.split('\n')) {
            if (line.startsWith(':')) {
                ++m_comments;
                continue;
            }
            const qsizetype colon = line.indexOf(':');
            const QByteArray field = colon < 0 ? line : line.left(colon);
            QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
            if (value.startsWith(' '))
                value.remove(0, 1);
            if (field == "id") {
                event.id = value.toLongLong();
                any = true;
            } else if (field == "event") {
                event.type = QString::fromUtf8(value);
                any = true;
            } else if (field == "data") {
                event.data += (event.data.isEmpty() ? QByteArray() : QByteArray("\n")) + value;
                any = true;
            }
        }
        if (any && !event.data.isEmpty())
            m_events.append(event);
    }
}

QList<SseClient::Event> SseClient::readEvents(int count, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_events.size() < count && !m_ended && !deadline.hasExpired()) {
        if (fill(static_cast<int>(deadline.remainingTime())))
            decode();
        else if (m_closed)
            break;
    }
    QList<Event> out;
    out.swap(m_events);
    return out;
}

bool SseClient::waitClosed(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_ended && !m_closed && !deadline.hasExpired()) {
        if (fill(static_cast<int>(deadline.remainingTime()))) {
            decode();
            m_events.clear();
        }
    }
    return m_ended || m_closed;
}

} // namespace thetool::test
