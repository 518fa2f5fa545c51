#include "backend/log/logger.h"

#include <QtGlobal>

#include <atomic>
#include <cstdio>

namespace thetool::log {

namespace {

thread_local QString t_requestId;
thread_local QString t_correlationId;
thread_local QString t_jobId;

std::atomic<Logger *> g_qtTarget {nullptr};

Level levelFor(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return Level::Debug;
    case QtInfoMsg:
        return Level::Info;
    case QtWarningMsg:
        return Level::Warning;
    case QtCriticalMsg:
    case QtFatalMsg:
        return Level::Error;
    }
    return Level::Info;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    Logger *logger = g_qtTarget.load();
    const Level level = levelFor(type);
    if (!logger) {
        std::fprintf(stderr, "%s\n", qPrintable(message));
        return;
    }
    if (!logger->enabled(level))
        return;
    LogRecord record;
    record.level = level;
    record.logger = context.category && qstrcmp(context.category, "default") != 0
        ? QString::fromLatin1(context.category)
        : QStringLiteral("thetool");
    record.message = message;
    logger->log(std::move(record));
    if (type == QtFatalMsg) {
        logger->flush();
        std::abort();
    }
}

} // namespace

Logger::Logger(Options options, Sink sink)
    : m_options(options)
    , m_sink(std::move(sink))
    , m_thread([this] { run(); })
{ }

Logger::~Logger()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
    if (g_qtTarget.load() == this)
        installQtMessageHandler(nullptr);
}

void Logger::log(LogRecord record)
{
    if (!enabled(record.level))
        return;
    if (!record.timestamp.isValid())
        record.timestamp = QDateTime::currentDateTimeUtc();
    if (record.requestId.isEmpty())
        record.requestId = t_requestId;
    if (record.correlationId.isEmpty())
        record.correlationId = t_correlationId;
    if (record.jobId.isEmpty())
        record.jobId = t_jobId;
    {
        std::lock_guard lock(m_mutex);
        if (static_cast<int>(m_queue.size()) >= m_options.queueCapacity) {
            ++m_dropped;
            return;
        }
        record.id = m_nextId++;
        m_ring.push_back(record);
        if (static_cast<int>(m_ring.size()) > m_options.ringCapacity)
            m_ring.pop_front();
        m_queue.push_back(std::move(record));
    }
    m_wake.notify_one();
}

void Logger::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty() && m_stopping)
            return;
        std::deque<LogRecord> batch;
        batch.swap(m_queue);
        lock.unlock();
        for (const LogRecord &record : batch)
            m_sink(m_options.format == Format::Json ? formatJson(record) : formatText(record));
        lock.lock();
        m_writtenId = batch.back().id;
        m_drained.notify_all();
    }
}

void Logger::flush()
{
    std::unique_lock lock(m_mutex);
    const qint64 target = m_nextId - 1;
    m_drained.wait(lock, [&] { return m_writtenId >= target || m_stopping; });
}

QList<LogRecord> Logger::recordsAfter(qint64 afterId, int limit, Level minimum) const
{
    QList<LogRecord> out;
    std::lock_guard lock(m_mutex);
    for (const LogRecord &record : m_ring) {
        if (record.id <= afterId || record.level < minimum)
            continue;
        out.append(record);
        if (out.size() >= limit)
            break;
    }
    return out;
}

qint64 Logger::lastId() const
{
    std::lock_guard lock(m_mutex);
    return m_nextId - 1;
}

quint64 Logger::droppedCount() const
{
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

Logger::Sink Logger::stdoutSink()
{
    return [](const QByteArray &line) {
        std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
        std::fflush(stdout);
    };
}

LogContextScope::LogContextScope(const QString &requestId, const QString &correlationId, const QString &jobId)
    : m_previousRequest(t_requestId)
    , m_previousCorrelation(t_correlationId)
    , m_previousJob(t_jobId)
{
    t_requestId = requestId;
    t_correlationId = correlationId;
    t_jobId = jobId;
}

LogContextScope::~LogContextScope()
{
    t_requestId = m_previousRequest;
    t_correlationId = m_previousCorrelation;
    t_jobId = m_previousJob;
}

QString LogContextScope::currentRequestId()
{
    return t_requestId;
}

QString LogContextScope::currentCorrelationId()
{
    return t_correlationId;
}

QString LogContextScope::currentJobId()
{
    return t_jobId;
}

void installQtMessageHandler(Logger *logger)
{
    g_qtTarget.store(logger);
    qInstallMessageHandler(logger ? qtMessageHandler : nullptr);
}

} // namespace thetool::log
