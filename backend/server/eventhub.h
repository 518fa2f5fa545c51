#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "backend/repo/eventrepository.h"

namespace thetool::db {
class Database;
}
namespace thetool::http {
class EventStream;
}

namespace thetool::server {

// Fans job_events out to this instance's event streams. ONE thread per instance with its
// own database connection polls the table after the last id it delivered, so a client of
// any instance sees the events every instance writes (the database is the bus).
//
// Ids are handed out before commit: with several writers a higher id can become visible
// before a lower one. The hub's horizon only passes a gap in the ids once the gap has been
// open for `gapGrace` (a rolled-back insert never fills it), so a stream never delivers an
// id and later an older one, and Last-Event-ID resumes without missing or repeating.
// Writers should commit an event within `gapGrace` of inserting it.
class EventHub
{
public:
    struct Options {
        std::chrono::milliseconds pollInterval {250};
        std::chrono::milliseconds gapGrace {3000};
        int batchSize = 200; // new events fanned out per poll; well under a queue
        // Per stream; a live reader that lets this fill is cut off (the backlog of a
        // resuming reader is sent only as fast as it reads).
        std::size_t streamQueueBytes = 512 * 1024;
    };

    EventHub(db::Database &database, Options options);
    explicit EventHub(db::Database &database);
    ~EventHub(); // stop()
    EventHub(const EventHub &) = delete;
    EventHub &operator=(const EventHub &) = delete;

    void start();
    // Ends every stream and joins the thread (which releases its connection).
    void stop();

    // A stream of the events with id > *after (nullopt: from now on), only those of
    // `jobId` when it is not empty. The first poll after this call sends the backlog.
    std::shared_ptr<http::EventStream> subscribe(std::optional<qint64> after, const QString &jobId);
    // Events with ids up to here are final: every stream has been offered them. -1 until
    // the first poll succeeded. The polling twin stops here too.
    qint64 horizon() const;
    int streamCount() const;

    // The JSON of one event (the polling twin's item and the SSE data line).
    static QJsonObject toJson(const repo::JobEvent &event);
    // One SSE message: id, event and data lines.
    static QByteArray toSse(const repo::JobEvent &event);

private:
    struct Subscriber;
    void run();
    // One poll; true when more new events are waiting (poll again at once).
    bool poll(repo::EventRepository &events);
    bool advance(const QList<repo::JobEvent> &batch, QList<repo::JobEvent> *accepted);
    void catchUp(repo::EventRepository &events, Subscriber &subscriber);
    static void deliver(Subscriber &subscriber, const repo::JobEvent &event);

    db::Database &m_database;
    const Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    QList<std::shared_ptr<Subscriber>> m_subscribers; // guarded; cursors belong to the hub thread
    bool m_stopping = false;
    bool m_woken = false;
    std::atomic<qint64> m_horizon {-1};
    std::optional<std::chrono::steady_clock::time_point> m_gapSince;
    std::chrono::steady_clock::time_point m_lastWarning;
    std::thread m_thread;
};

} // namespace thetool::server
