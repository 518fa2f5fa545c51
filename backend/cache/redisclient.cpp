#include "backend/cache/redisclient.h"

#include <QLoggingCategory>

#include <hiredis/hiredis.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <sys/time.h>
#include <unordered_map>

namespace thetool::cache {

namespace {

Q_LOGGING_CATEGORY(lcRedis, "thetool.redis")

std::atomic<quint64> nextClientId {1};

// This thread's connections, one per RedisClient; closed when the thread exits.
struct ThreadConnections {
    std::unordered_map<quint64, redisContext *> byClient;
    ~ThreadConnections()
    {
        for (auto &entry : byClient)
            redisFree(entry.second);
    }
};
thread_local ThreadConnections threadConnections;

timeval toTimeval(std::chrono::milliseconds ms)
{
    timeval tv {};
    tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
    return tv;
}

RedisReply run(redisContext *context, const std::vector<QByteArray> &argv)
{
    std::vector<const char *> parts;
    std::vector<size_t> lengths;
    parts.reserve(argv.size());
    lengths.reserve(argv.size());
    for (const QByteArray &arg : argv) {
        parts.push_back(arg.constData());
        lengths.push_back(static_cast<size_t>(arg.size()));
    }
    return RedisReply(static_cast<redisReply *>(
        redisCommandArgv(context, static_cast<int>(argv.size()), parts.data(), lengths.data())));
}

} // namespace

void RedisReplyDeleter::operator()(redisReply *reply) const
{
    if (reply)
        freeReplyObject(reply);
}

QByteArray replyText(const redisReply *reply)
{
    if (!reply || (reply->type != REDIS_REPLY_STRING && reply->type != REDIS_REPLY_STATUS))
        return {};
    return QByteArray(reply->str, static_cast<qsizetype>(reply->len));
}

RedisClient::RedisClient(RedisOptions options, CircuitBreaker::Clock clock)
    : m_options(std::move(options))
    , m_id(nextClientId++)
    , m_breaker(m_options.failureThreshold, m_options.retryAfter, std::move(clock))
{
    // hiredis writes with write(2): a Redis that went away would otherwise kill the whole
    // process with SIGPIPE on the next command instead of returning an error.
    std::signal(SIGPIPE, SIG_IGN);
}

RedisClient::~RedisClient()
{
    releaseThreadConnection();
}

redisContext *RedisClient::connect(QString *error) const
{
    const QByteArray host = m_options.host.toUtf8();
    redisContext *context =
        redisConnectWithTimeout(host.constData(), m_options.port, toTimeval(m_options.connectTimeout));
    if (!context || context->err) {
        *error = QStringLiteral("cannot connect to Redis at %1: %2")
                     .arg(m_options.describe(),
                         context ? QString::fromUtf8(context->errstr) : QStringLiteral("out of memory"));
        if (context)
            redisFree(context);
        return nullptr;
    }
    redisSetTimeout(context, toTimeval(m_options.commandTimeout));
    redisEnableKeepAlive(context);
    const auto setUp = [&](const std::vector<QByteArray> &argv, const QString &what) {
        const RedisReply reply = run(context, argv);
        if (reply && reply->type != REDIS_REPLY_ERROR)
            return true;
        *error = QStringLiteral("Redis %1 failed at %2: %3")
                     .arg(what, m_options.describe(),
                         reply ? QString::fromUtf8(reply->str, static_cast<qsizetype>(reply->len))
                               : QString::fromUtf8(context->errstr));
        return false;
    };
    bool ok = true;
    if (!m_options.password.isEmpty()) {
        std::vector<QByteArray> auth {"AUTH"};
        if (!m_options.user.isEmpty())
            auth.push_back(m_options.user.toUtf8());
        auth.push_back(m_options.password.toUtf8());
        ok = setUp(auth, QStringLiteral("AUTH"));
    }
    if (ok && m_options.database != 0)
        ok = setUp({"SELECT", QByteArray::number(m_options.database)}, QStringLiteral("SELECT"));
    if (!ok) {
        redisFree(context);
        return nullptr;
    }
    return context;
}

RedisReply RedisClient::command(const std::vector<QByteArray> &argv)
{
    if (!m_breaker.allow())
        return {};
    auto &connections = threadConnections.byClient;
    RedisReply reply;
    // A connection idle since before a Redis restart is closed on the server's side: it fails
    // once (EOF, broken pipe) and one fresh connection is tried before that counts as a failure.
    for (int attempt = 0; attempt < 2 && !reply; ++attempt) {
        auto found = connections.find(m_id);
        const bool fresh = found == connections.end();
        if (fresh) {
            QString error;
            redisContext *context = connect(&error);
            if (!context) {
                fail(error);
                return {};
            }
            found = connections.emplace(m_id, context).first;
        }
        redisContext *context = found->second;
        reply = run(context, argv);
        if (reply)
            break;
        const bool closedByPeer = context->err == REDIS_ERR_EOF
            || (context->err == REDIS_ERR_IO && (errno == EPIPE || errno == ECONNRESET));
        const QString error = QStringLiteral("Redis command %1 failed at %2: %3")
                                  .arg(QString::fromLatin1(argv.front()), m_options.describe(),
                                      QString::fromUtf8(context->errstr));
        redisFree(context); // unusable (a timeout leaves a reply in flight)
        connections.erase(found);
        if (fresh || !closedByPeer) {
            fail(error);
            return {};
        }
    }
    if (reply->type == REDIS_REPLY_ERROR) {
        // The server answers but refuses (out of memory, NOAUTH, a script error): no use
        // either; the connection itself stays.
        fail(QStringLiteral("Redis command %1 refused: %2")
                 .arg(QString::fromLatin1(argv.front()),
                     QString::fromUtf8(QByteArray(reply->str, static_cast<qsizetype>(reply->len)))));
        return {};
    }
    const bool wasDown = m_breaker.state() != CircuitBreaker::State::Closed;
    m_breaker.recordSuccess();
    if (wasDown) {
        std::lock_guard lock(m_mutex);
        if (m_loggedDown) {
            m_loggedDown = false;
            qCInfo(lcRedis).noquote()
                << "Redis at" << m_options.describe() << "answers again: shared cache and rate limits resume";
        }
    }
    return reply;
}

void RedisClient::fail(const QString &error)
{
    m_breaker.recordFailure();
    const bool open = m_breaker.state() == CircuitBreaker::State::Open;
    std::lock_guard lock(m_mutex);
    m_lastError = error;
    if (open && !m_loggedDown) {
        m_loggedDown = true; // once per outage, not once per request
        qCWarning(lcRedis).noquote() << error << "- using the in-memory cache and rate limits; retrying in"
                                     << m_options.retryAfter.count() / 1000.0 << "s";
    }
}

QString RedisClient::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

void RedisClient::releaseThreadConnection()
{
    auto &connections = threadConnections.byClient;
    if (const auto found = connections.find(m_id); found != connections.end()) {
        redisFree(found->second);
        connections.erase(found);
    }
}

} // namespace thetool::cache
