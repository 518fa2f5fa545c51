#pragma once

#include <QByteArray>
#include <QString>

#include <memory>
#include <mutex>
#include <vector>

#include "backend/cache/circuitbreaker.h"
#include "backend/cache/redisoptions.h"

struct redisReply;
struct redisContext;

namespace thetool::cache {

struct RedisReplyDeleter {
    void operator()(redisReply *reply) const;
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

// Redis through hiredis (DESIGN.md "Threads and connections"): each thread that calls in
// gets its own blocking connection, opened on first use with the connect timeout and used
// with the command timeout, closed by releaseThreadConnection() or when the thread exits.
// A circuit breaker shared by all threads stops calling a failing server; callers then use
// their fallback. Thread-safe.
class RedisClient
{
public:
    explicit RedisClient(RedisOptions options, CircuitBreaker::Clock clock = {});
    ~RedisClient();
    RedisClient(const RedisClient &) = delete;
    RedisClient &operator=(const RedisClient &) = delete;

    // Runs one command on this thread's connection. Null when the breaker is open or the
    // command failed (connection lost, timeout, an error reply): the failure is counted.
    RedisReply command(const std::vector<QByteArray> &argv);

    CircuitBreaker::State breakerState() const { return m_breaker.state(); }
    QString lastError() const;
    const RedisOptions &options() const { return m_options; }
    QByteArray key(const QByteArray &suffix) const { return m_options.keyPrefix + suffix; }

    void releaseThreadConnection();

private:
    redisContext *connect(QString *error) const; // AUTH and SELECT done; null on failure
    void fail(const QString &error);

    const RedisOptions m_options;
    const quint64 m_id; // this client among the thread's connections (never a reused address)
    mutable CircuitBreaker m_breaker;
    mutable std::mutex m_mutex;
    QString m_lastError;
    bool m_loggedDown = false;
};

// The text of a string or status reply ("" for others).
QByteArray replyText(const redisReply *reply);

} // namespace thetool::cache
