#pragma once

#include <QByteArray>
#include <QList>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "backend/log/logrecord.h"

namespace thetool::log {

// The process's log: callers enqueue and return at once; one writer thread formats
// lines and writes them out, so a blocked stdout never stalls a worker. When the queue
// is full new records are dropped and counted instead of blocking. The last
// `ringCapacity` records stay readable by id for /api/logs and the console.
class Logger
{
public:
    using Sink = std::function<void(const QByteArray &line)>;
    enum class Format { Json, Text };

    struct Options {
        Level minimumLevel = Level::Info;
        Format format = Format::Json;
        int queueCapacity = 8192;
        int ringCapacity = 5000;
    };

    Logger(Options options, Sink sink);
    ~Logger(); // drains what is queued, then stops the writer
    Logger(const Logger &) = delete;
    Logger &operator=(const Logger &) = delete;

    bool enabled(Level level) const { return level >= m_options.minimumLevel; }
    // Adds the calling thread's context (request/correlation/job id) when the record
    // does not carry its own. Never blocks on I/O.
    void log(LogRecord record);

    // Records with id > afterId, oldest first, at most `limit`.
    QList<LogRecord> recordsAfter(qint64 afterId, int limit, Level minimum = Level::Debug) const;
    qint64 lastId() const;
    quint64 droppedCount() const;
    // Blocks until everything enqueued so far is written (tests, shutdown).
    void flush();

    // Writes each line to stdout with fwrite + fflush.
    static Sink stdoutSink();

private:
    void run();

    const Options m_options;
    const Sink m_sink;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_drained;
    std::deque<LogRecord> m_queue;
    std::deque<LogRecord> m_ring;
    qint64 m_nextId = 1;
    qint64 m_writtenId = 0;
    quint64 m_dropped = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

// Per-thread context stamped onto records logged by this thread while in scope.
class LogContextScope
{
public:
    LogContextScope(const QString &requestId, const QString &correlationId, const QString &jobId = {});
    ~LogContextScope();
    LogContextScope(const LogContextScope &) = delete;
    LogContextScope &operator=(const LogContextScope &) = delete;

    static QString currentRequestId();
    static QString currentCorrelationId();
    static QString currentJobId();

private:
    QString m_previousRequest;
    QString m_previousCorrelation;
    QString m_previousJob;
};

// Routes qDebug/qInfo/qWarning/qCritical and Q_LOGGING_CATEGORY output into `logger`
// (category name as the logger). Pass nullptr to restore Qt's default handler.
void installQtMessageHandler(Logger *logger);

} // namespace thetool::log
