// Proves the Redis that scripts/test starts is real and reachable through hiredis.
#include <QTest>

#include <hiredis/hiredis.h>

#include "tests/support/testenv.h"

class TestRedisConnect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pingSetGet()
    {
        thetool::test::RedisTestServer redis(QStringLiteral("redis_connect"));
        QVERIFY2(redis.isValid(), qPrintable(redis.error()));
        auto *pong = static_cast<redisReply *>(redisCommand(redis.context(), "PING"));
        QVERIFY(pong);
        QCOMPARE(QByteArray(pong->str, static_cast<int>(pong->len)), QByteArray("PONG"));
        freeReplyObject(pong);

        const QByteArray key = redis.keyPrefix().toUtf8() + "greeting";
        auto *set = static_cast<redisReply *>(
            redisCommand(redis.context(), "SET %b %s EX 60", key.constData(), static_cast<size_t>(key.size()), "hello"));
        QVERIFY(set && set->type == REDIS_REPLY_STATUS);
        freeReplyObject(set);
        auto *get = static_cast<redisReply *>(
            redisCommand(redis.context(), "GET %b", key.constData(), static_cast<size_t>(key.size())));
        QVERIFY(get && get->type == REDIS_REPLY_STRING);
        QCOMPARE(QByteArray(get->str, static_cast<int>(get->len)), QByteArray("hello"));
        freeReplyObject(get);
    }
};

QTEST_GUILESS_MAIN(TestRedisConnect)
#include "tst_redis_connect.moc"
