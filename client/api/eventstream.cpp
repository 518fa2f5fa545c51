#include "client/api/eventstream.h"

#include <QJsonDocument>
#include <QLoggingCategory>

namespace thetool::client {

namespace {
Q_LOGGING_CATEGORY(lcEvents, "thetool.client.events")

constexpr int headPageLimit = 1000; // the polling twin's largest page
constexpr int pollPageLimit = 500;
} // namespace

EventStream::EventStream(ApiClient &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    qRegisterMetaType<JobEvent>();
    qRegisterMetaType<ApiClientError>();
    m_pollTimer.setInterval(2000);
    m_idleTimer.setInterval(45000); // three missed pings
    m_idleTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &EventStream::poll);
    connect(&m_retryTimer, &QTimer::timeout, this, &EventStream::openStream);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        ApiClientError e;
        e.kind = ApiClientError::Kind::Timeout;
        e.message = QStringLiteral("the event stream from %1 fell silent for %2 s")
                        .arg(m_client.address())
                        .arg(m_idleTimer.interval() / 1000);
        dropStream();
        ++m_failures;
        report(e);
        fallBackToPolling();
    });
}

EventStream::~EventStream()
{
    stop();
}

void EventStream::start(qint64 after, const QString &jobId)
{
    stop();
    m_jobId = jobId;
    m_cursor = -1;
    m_failures = 0;
    m_lastErrorText.clear();
    setTransport(Transport::Starting);
    findHead(after);
}

void EventStream::stop()
{
    ++m_generation;
    dropStream();
    m_retryTimer.stop();
    m_pollTimer.stop();
    if (m_pollCall)
        m_client.cancel(m_pollCall);
    m_pollCall = 0;
    setTransport(Transport::Stopped);
}

void EventStream::setTransport(Transport transport)
{
    if (m_transport == transport)
        return;
    m_transport = transport;
    qCDebug(lcEvents) << "transport" << transport;
    Q_EMIT transportChanged(transport);
}

void EventStream::findHead(qint64 after)
{
    if (after >= 0) {
        m_cursor = after;
        openStream();
        return;
    }
    // "From now" must be a known id: a stream cut before its first event resumes there.
    // The polling twin pages to the end of the log (up to the server's horizon).
    const quint64 generation = m_generation;
    const qint64 from = qMax<qint64>(0, m_cursor);
    m_pollCall =
        m_client.pollEvents(from, headPageLimit, {}, this, [this, generation](const ApiResult<EventPage> &r) {
            if (generation != m_generation)
                return;
            m_pollCall = 0;
            if (!r.ok()) {
                report(r.error());
                QTimer::singleShot(m_pollTimer.interval(), this, [this, generation] {
                    if (generation == m_generation)
                        findHead(-1);
                });
                return;
            }
            m_cursor = qMax(m_cursor, r->nextAfter);
            if (r->hasMore)
                findHead(-1);
            else
                openStream();
        });
}

void EventStream::openStream()
{
    if (m_transport == Transport::Stopped)
        return;
    if (!m_streamingEnabled) {
        fallBackToPolling();
        return;
    }
    dropStream();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::number(qMax<qint64>(0, m_cursor)));
    if (!m_jobId.isEmpty())
        query.addQueryItem(QStringLiteral("job_id"), m_jobId);
    m_stream = m_client.openStream(QStringLiteral("/api/events"), query,
        {{QByteArrayLiteral("Last-Event-ID"), QByteArray::number(qMax<qint64>(0, m_cursor))}});
    m_stream->setParent(this);
    m_streamAccepted = false;
    m_buffer.clear();
    m_data.clear();
    m_eventId.clear();
    connect(m_stream, &QNetworkReply::metaDataChanged, this, &EventStream::onStreamMetaData);
    connect(m_stream, &QNetworkReply::readyRead, this, &EventStream::onStreamData);
    connect(m_stream, &QNetworkReply::finished, this, &EventStream::onStreamFinished);
    m_idleTimer.start();
}

void EventStream::dropStream()
{
    m_idleTimer.stop();
    QNetworkReply *reply = m_stream.data();
    m_stream = nullptr;
    if (!reply)
        return;
    QObject::disconnect(reply, nullptr, this, nullptr); // our own abort is not a cut
    reply->abort();
    reply->deleteLater();
    m_streamAccepted = false;
}

void EventStream::onStreamMetaData()
{
    if (!m_stream || m_streamAccepted)
        return;
    const int status = m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray type = m_stream->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (status != 200 || !type.startsWith("text/event-stream"))
        return; // an error answer: read and reported when it finishes
    m_streamAccepted = true;
    m_failures = 0;
    m_lastErrorText.clear();
    m_pollTimer.stop(); // an answer already asked for is still taken (the cursor dedupes)
    setTransport(Transport::Streaming);
}

void EventStream::onStreamData()
{
    if (!m_stream || !m_streamAccepted)
        return;
    m_idleTimer.start();
    m_buffer += m_stream->readAll();
    parseLines();
    if (!m_pending.isEmpty()) {
        QList<JobEvent> events;
        events.swap(m_pending);
        deliver(std::move(events));
    }
}

void EventStream::parseLines()
{
    for (;;) {
        const qsizetype end = m_buffer.indexOf('\n');
        if (end < 0)
            return;
        QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, end + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            dispatchMessage();
            continue;
        }
        if (line.startsWith(':'))
            continue; // a comment: the keep-alive ping
        const qsizetype colon = line.indexOf(':');
        const QByteArray field = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' '))
            value.remove(0, 1);
        if (field == "data") {
            if (!m_data.isEmpty())
                m_data += '\n';
            m_data += value;
        } else if (field == "id") {
            m_eventId = value;
        } else if (field == "retry") {
            bool ok = false;
            const int ms = value.toInt(&ok);
            if (ok && ms > 0)
                m_retryMs = ms;
        }
    }
}

void EventStream::dispatchMessage()
{
    const QByteArray data = m_data;
    const QByteArray id = m_eventId;
    m_data.clear();
    m_eventId.clear();
    if (data.isEmpty())
        return;
    QString why;
    std::optional<JobEvent> event = JobEvent::fromJson(QJsonDocument::fromJson(data).object(), &why);
    if (!event) {
        ApiClientError e;
        e.kind = ApiClientError::Kind::BadResponse;
        e.message = QStringLiteral("unreadable event (id %1) from %2: %3")
                        .arg(QString::fromLatin1(id), m_client.address(), why);
        report(e);
        return;
    }
    m_pending.append(*event);
}

void EventStream::onStreamFinished()
{
    QNetworkReply *reply = m_stream;
    if (!reply)
        return;
    m_stream = nullptr;
    m_idleTimer.stop();
    reply->deleteLater();
    ApiClientError error;
    if (m_streamAccepted) {
        // A stream that ends is cut, cleanly (server shutdown) or not: resume by polling.
        error.kind = ApiClientError::Kind::Network;
        error.message =
            QStringLiteral("the event stream from %1 ended (%2)")
                .arg(m_client.address(),
                    reply->error() == QNetworkReply::NoError ? QStringLiteral("closed by the server")
                                                             : reply->errorString());
    } else {
        error = m_client.errorOf(reply, reply->readAll());
        ++m_failures;
    }
    m_streamAccepted = false;
    m_pending.clear();
    qCDebug(lcEvents).noquote() << error.toString();
    report(error);
    fallBackToPolling();
}

void EventStream::fallBackToPolling()
{
    if (m_transport == Transport::Stopped)
        return;
    setTransport(Transport::Polling);
    if (!m_pollTimer.isActive())
        m_pollTimer.start();
    poll(); // at once: catch up from the cursor
    scheduleStreamRetry();
}

void EventStream::scheduleStreamRetry()
{
    if (!m_streamingEnabled || m_retryTimer.isActive())
        return;
    const int shift = qMin(m_failures, 4);
    m_retryTimer.start(qMin(m_maxRetryMs, m_retryMs << shift));
}

void EventStream::poll()
{
    if (m_transport == Transport::Stopped || m_pollCall != 0)
        return;
    const quint64 generation = m_generation;
    m_pollCall = m_client.pollEvents(qMax<qint64>(0, m_cursor), pollPageLimit, m_jobId, this,
        [this, generation](const ApiResult<EventPage> &r) {
            if (generation != m_generation)
                return;
            m_pollCall = 0;
            if (!r.ok()) {
                report(r.error());
                return; // the poll timer tries again
            }
            deliver(r->events);
            // next_after also passes the events of other jobs when filtered by job.
            m_cursor = qMax(m_cursor, r->nextAfter);
            if (r->hasMore && m_transport == Transport::Polling)
                QTimer::singleShot(0, this, &EventStream::poll);
        });
}

void EventStream::deliver(QList<JobEvent> events)
{
    QList<JobEvent> fresh;
    for (JobEvent &event : events) {
        if (event.id <= m_cursor)
            continue; // already delivered by the other transport
        m_cursor = event.id;
        fresh.append(std::move(event));
    }
    if (!fresh.isEmpty())
        Q_EMIT eventsReceived(fresh);
}

void EventStream::report(const ApiClientError &error)
{
    const QString text = error.toString();
    if (text == m_lastErrorText)
        return;
    m_lastErrorText = text;
    Q_EMIT errorOccurred(error);
}

} // namespace thetool::client
