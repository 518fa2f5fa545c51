#include "backend/cache/rediscache.h"

#include <hiredis/hiredis.h>

#include "backend/cache/redisclient.h"

namespace thetool::cache {

namespace {

// GET and the hit or miss counter in one round trip, atomic with the lookup.
constexpr const char *getAndCount =
    "local v = redis.call('GET', KEYS[1]) "
    "if v then redis.call('INCR', KEYS[2]) else redis.call('INCR', KEYS[3]) end "
    "return v";

quint64 counter(const redisReply *reply)
{
    if (!reply || reply->type != REDIS_REPLY_STRING)
        return 0; // nil: nothing counted yet
    return QByteArray(reply->str, static_cast<qsizetype>(reply->len)).toULongLong();
}

// The entries' SCAN pattern: the prefix taken literally (it may hold glob characters).
QByteArray entryPattern(const RedisClient &redis)
{
    QByteArray pattern;
    for (const char c : redis.key("cache:")) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
            pattern += '\\';
        pattern += c;
    }
    return pattern + '*';
}

// Visits the keys matching `pattern` a batch at a time; false when Redis failed midway.
template<typename Visit> bool scanKeys(RedisClient &redis, const QByteArray &pattern, Visit visit)
{
    QByteArray cursor = "0";
    do {
        const RedisReply reply = redis.command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
        if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2)
            return false;
        cursor = replyText(reply->element[0]);
        const redisReply *keys = reply->element[1];
        std::vector<QByteArray> batch;
        for (size_t i = 0; i < keys->elements; ++i)
            batch.push_back(QByteArray(keys->element[i]->str, static_cast<qsizetype>(keys->element[i]->len)));
        if (!batch.empty() && !visit(batch))
            return false;
    } while (cursor != "0" && !cursor.isEmpty());
    return true;
}

} // namespace

RedisCache::RedisCache(
    std::shared_ptr<RedisClient> redis, std::chrono::seconds ttl, std::shared_ptr<MemoryCache> fallback)
    : m_redis(std::move(redis))
    , m_ttl(ttl)
    , m_fallback(std::move(fallback))
{ }

QByteArray RedisCache::entryKey(const QString &key) const
{
    return m_redis->key("cache:" + key.toUtf8());
}

std::optional<QByteArray> RedisCache::get(const QString &key)
{
    const RedisReply reply = m_redis->command(
        {"EVAL", getAndCount, "3", entryKey(key), m_redis->key("stats:hits"), m_redis->key("stats:misses")});
    if (!reply)
        return m_fallback->get(key);
    if (reply->type != REDIS_REPLY_STRING)
        return std::nullopt;
    return QByteArray(reply->str, static_cast<qsizetype>(reply->len));
}

void RedisCache::put(const QString &key, const QByteArray &value)
{
    if (!m_redis->command({"SET", entryKey(key), value, "EX", QByteArray::number(qint64(m_ttl.count()))}))
        m_fallback->put(key, value);
}

qint64 RedisCache::clear()
{
    qint64 removed = m_fallback->clear();
    scanKeys(*m_redis, entryPattern(*m_redis), [&](const std::vector<QByteArray> &keys) {
        std::vector<QByteArray> del {"DEL"};
        del.insert(del.end(), keys.begin(), keys.end());
        const RedisReply reply = m_redis->command(del);
        if (!reply || reply->type != REDIS_REPLY_INTEGER)
            return false;
        removed += reply->integer;
        return true;
    });
    return removed;
}

CacheStats RedisCache::stats() const
{
    const RedisReply reply =
        m_redis->command({"MGET", m_redis->key("stats:hits"), m_redis->key("stats:misses")});
    if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) {
        CacheStats local = m_fallback->stats();
        local.fallback = true;
        return local;
    }
    CacheStats s;
    s.backend = QStringLiteral("redis");
    s.hits = counter(reply->element[0]);
    s.misses = counter(reply->element[1]);
    return s;
}

qint64 RedisCache::entryCount() const
{
    qint64 count = 0;
    const bool complete =
        scanKeys(*m_redis, entryPattern(*m_redis), [&](const std::vector<QByteArray> &keys) {
            count += static_cast<qint64>(keys.size());
            return true;
        });
    return complete ? count : m_fallback->entryCount();
}

} // namespace thetool::cache
