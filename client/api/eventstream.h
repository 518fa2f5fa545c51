#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include "client/api/apiclient.h"

namespace thetool::client {

// Job events from GET /api/events (Server-Sent Events) with automatic fallback to the
// polling twin GET /api/events/poll, so that no event is missed and none is delivered
// twice (docs/events.md).
//
// One cursor, the id of the last event delivered, drives both transports: a stream is
// opened with `Last-Event-ID: <cursor>`, a poll asks `after=<cursor>`, and an event whose id
// is not above the cursor is dropped. When the stream ends, fails or falls silent (no byte
// — not even the server's 15 s ping — for idleTimeout()), the reader polls at once and
// keeps polling while it retries the stream with backoff (from the server's `retry:`);
// when a stream is back, polling stops.
class EventStream : public QObject
{
    Q_OBJECT
public:
    enum class Transport { Stopped, Starting, Streaming, Polling };
    Q_ENUM(Transport)

    explicit EventStream(ApiClient &client, QObject *parent = nullptr);
    ~EventStream() override;

    // Delivers the events with id > `after`. after < 0: from now on (the current end of the
    // event log is found first with the polling twin, so a cut before the first event still
    // resumes at the right place). `jobId`: only that job's events.
    void start(qint64 after = -1, const QString &jobId = {});
    void stop();

    Transport transport() const { return m_transport; }
    // The id of the last event delivered (-1 before the start point is known).
    qint64 lastEventId() const { return m_cursor; }

    void setPollInterval(int ms) { m_pollTimer.setInterval(ms); }
    int pollInterval() const { return m_pollTimer.interval(); }
    // A stream with no byte for this long is treated as cut (the server pings every 15 s).
    void setIdleTimeout(int ms) { m_idleTimer.setInterval(ms); }
    // The first delay before reopening a stream (the server's `retry:` overrides it); it
    // doubles on each failure up to maxRetryMs.
    void setRetryInterval(int ms) { m_retryMs = ms; }
    void setMaxRetryInterval(int ms) { m_maxRetryMs = ms; }
    // false: poll only (for a server or proxy known to break streams).
    void setStreamingEnabled(bool on) { m_streamingEnabled = on; }

Q_SIGNALS:
    // New events, in id order, each exactly once.
    void eventsReceived(const QList<thetool::client::JobEvent> &events);
    void transportChanged(thetool::client::EventStream::Transport transport);
    // A stream or poll failed (the reader keeps trying); once per distinct error.
    void errorOccurred(const thetool::client::ApiClientError &error);

private:
    void setTransport(Transport transport);
    void findHead(qint64 after);
    void openStream();
    void onStreamData();
    void onStreamMetaData();
    void onStreamFinished();
    void dropStream();
    void fallBackToPolling();
    void scheduleStreamRetry();
    void poll();
    void parseLines();
    void dispatchMessage();
    void deliver(QList<JobEvent> events);
    void report(const ApiClientError &error);

    ApiClient &m_client;
    Transport m_transport = Transport::Stopped;
    QString m_jobId;
    qint64 m_cursor = -1;
    quint64 m_generation = 0; // bumps on start/stop: late answers of an older run are ignored

    QPointer<QNetworkReply> m_stream;
    bool m_streamAccepted = false; // 200 with text/event-stream
    QByteArray m_buffer;
    QByteArray m_data; // data lines of the message being read
    QByteArray m_eventId; // its id: field
    QList<JobEvent> m_pending;
    QTimer m_idleTimer;
    QTimer m_retryTimer;
    int m_retryMs = 3000;
    int m_maxRetryMs = 30000;
    int m_failures = 0;
    bool m_streamingEnabled = true;

    QTimer m_pollTimer;
    ApiClient::CallId m_pollCall = 0;
    QString m_lastErrorText;
};

} // namespace thetool::client
