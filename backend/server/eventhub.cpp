#include "backend/server/eventhub.h"

#include <QJsonDocument>
#include <QLoggingCategory>

#include "backend/db/database.h"
#include "backend/http/eventstream.h"

namespace thetool::server {

namespace {
Q_LOGGING_CATEGORY(lcEvents, "thetool.events")

constexpr auto warningInterval = std::chrono::seconds(30);
// A resuming stream's backlog is queued only while its queue is below this share, so the
// backlog never overflows it: the rest follows as the reader takes what is queued.
constexpr std::size_t backlogShare = 2;
constexpr int backlogRoundsPerPoll = 4;
} // namespace

struct EventHub::Subscriber {
    std::shared_ptr<http::EventStream> stream;
    QString jobId;
    qint64 cursor = -1; // the last id offered; -1: "from now", resolved at the next poll
};

EventHub::EventHub(db::Database &database, Options options)
    : m_database(database)
    , m_options(options)
{ }

EventHub::EventHub(db::Database &database)
    : EventHub(database, Options {})
{ }

EventHub::~EventHub()
{
    stop();
}

void EventHub::start()
{
    if (m_thread.joinable())
        return;
    m_thread = std::thread([this] { run(); });
}

void EventHub::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

std::shared_ptr<http::EventStream> EventHub::subscribe(std::optional<qint64> after, const QString &jobId)
{
    auto subscriber = std::make_shared<Subscriber>();
    subscriber->stream = std::make_shared<http::EventStream>(m_options.streamQueueBytes);
    subscriber->jobId = jobId;
    if (after)
        subscriber->cursor = qMax<qint64>(0, *after);
    else
        subscriber->cursor = m_horizon.load(); // -1 before the first poll: resolved there
    // EventSource reconnects after this many milliseconds when the stream breaks.
    subscriber->stream->push(QByteArrayLiteral("retry: 3000\n\n"));
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            subscriber->stream->finish();
            return subscriber->stream;
        }
        m_subscribers.append(subscriber);
        m_woken = true; // the backlog goes out now, not at the next tick
    }
    m_wake.notify_all();
    return subscriber->stream;
}

qint64 EventHub::horizon() const
{
    return m_horizon.load();
}

int EventHub::streamCount() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_subscribers.size());
}

QJsonObject EventHub::toJson(const repo::JobEvent &event)
{
    return {{QStringLiteral("id"), event.id}, {QStringLiteral("type"), event.type},
        {QStringLiteral("job_id"), event.jobId.isNull() ? QJsonValue() : QJsonValue(event.jobId)},
        {QStringLiteral("created_at"), event.createdAt}, {QStringLiteral("data"), event.data}};
}

QByteArray EventHub::toSse(const repo::JobEvent &event)
{
    // Compact JSON has no raw newline, so one data line carries the whole object.
    return "id: " + QByteArray::number(event.id) + "\nevent: " + event.type.toUtf8()
        + "\ndata: " + QJsonDocument(toJson(event)).toJson(QJsonDocument::Compact) + "\n\n";
}

void EventHub::run()
{
    repo::EventRepository events(m_database);
    for (;;) {
        const bool more = poll(events);
        std::unique_lock lock(m_mutex);
        if (!more && !m_stopping && !m_woken)
            m_wake.wait_for(lock, m_options.pollInterval, [this] { return m_stopping || m_woken; });
        m_woken = false;
        if (m_stopping)
            break;
    }
    QList<std::shared_ptr<Subscriber>> left;
    {
        std::lock_guard lock(m_mutex);
        left.swap(m_subscribers);
    }
    for (const auto &subscriber : std::as_const(left))
        subscriber->stream->finish();
    m_database.releaseThreadConnection();
}

bool EventHub::poll(repo::EventRepository &events)
{
    const auto warn = [this](const db::DbError &error) {
        const auto now = std::chrono::steady_clock::now();
        if (now - m_lastWarning < warningInterval)
            return;
        m_lastWarning = now;
        qCWarning(lcEvents).noquote() << "event poll failed (retrying):" << error.message;
    };
    if (m_horizon.load() < 0) {
        qint64 latest = 0;
        if (db::DbError error = events.latestId(&latest)) {
            warn(error);
            return false;
        }
        m_horizon = latest;
    }
    const qint64 before = m_horizon.load();
    QList<repo::JobEvent> batch;
    if (db::DbError error = events.after(before, m_options.batchSize, &batch)) {
        warn(error);
        return false;
    }
    QList<repo::JobEvent> fresh;
    const bool more = advance(batch, &fresh);

    QList<std::shared_ptr<Subscriber>> subscribers;
    {
        std::lock_guard lock(m_mutex);
        m_subscribers.removeIf([](const std::shared_ptr<Subscriber> &s) { return !s->stream->isOpen(); });
        subscribers = m_subscribers;
    }
    bool congested = false;
    for (const auto &subscriber : std::as_const(subscribers)) {
        if (subscriber->cursor < 0)
            subscriber->cursor = before;
        if (subscriber->cursor < before)
            catchUp(events, *subscriber);
        if (subscriber->cursor < before)
            continue; // still sending its backlog: the new events follow it later
        for (const repo::JobEvent &event : std::as_const(fresh)) {
            // Live events are pushed whatever the queue holds: a reader that stopped reading
            // overflows it and is cut off.
            if (event.id > subscriber->cursor)
                deliver(*subscriber, event);
        }
        const http::EventStream &stream = *subscriber->stream;
        congested = congested || stream.queuedBytes() > stream.capacity() / backlogShare;
    }
    // A burst is fetched batch after batch, but not faster than the streams take it: a
    // reader that keeps up drains its queue between polls; one that stopped fills it.
    return more && !congested;
}

bool EventHub::advance(const QList<repo::JobEvent> &batch, QList<repo::JobEvent> *accepted)
{
    const auto now = std::chrono::steady_clock::now();
    qint64 horizon = m_horizon.load();
    for (const repo::JobEvent &event : batch) {
        if (event.id != horizon + 1) {
            // A lower id may still commit: hold here for a while before passing the gap.
            if (!m_gapSince)
                m_gapSince = now;
            if (now - *m_gapSince < m_options.gapGrace) {
                m_horizon = horizon;
                return false;
            }
        }
        m_gapSince.reset();
        accepted->append(event);
        horizon = event.id;
    }
    m_horizon = horizon;
    return batch.size() >= m_options.batchSize;
}

void EventHub::catchUp(repo::EventRepository &events, Subscriber &subscriber)
{
    const qint64 target = m_horizon.load();
    http::EventStream &stream = *subscriber.stream;
    for (int round = 0; round < backlogRoundsPerPoll && subscriber.cursor < target; ++round) {
        QList<repo::JobEvent> rows;
        if (events.after(subscriber.cursor, m_options.batchSize, &rows))
            return; // the next poll tries again
        for (const repo::JobEvent &event : std::as_const(rows)) {
            if (event.id > target) {
                subscriber.cursor = target;
                return;
            }
            if (stream.queuedBytes() > stream.capacity() / backlogShare)
                return;
            deliver(subscriber, event);
        }
        if (rows.size() < m_options.batchSize)
            subscriber.cursor = target; // nothing else up to the horizon
    }
}

void EventHub::deliver(Subscriber &subscriber, const repo::JobEvent &event)
{
    if (subscriber.jobId.isEmpty() || event.jobId == subscriber.jobId)
        subscriber.stream->push(toSse(event));
    subscriber.cursor = event.id;
}

} // namespace thetool::server
