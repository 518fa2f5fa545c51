#include "tests/support/testenv.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <hiredis/hiredis.h>

namespace thetool::test {

namespace {

QString uniqueSuffix()
{
    return QString::number(QCoreApplication::applicationPid()) + QLatin1Char('_')
        + QUuid::createUuid().toString(QUuid::Id128).left(8);
}

QSqlDatabase addPg(const QUrl &url, const QString &database, const QString &connectionName)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setUserName(url.userName());
    db.setPassword(url.password());
    db.setDatabaseName(database);
    db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    return db;
}

} // namespace

QString sourceDir()
{
    return qEnvironmentVariable("THETOOL_SOURCE_DIR");
}

QString binaryDir()
{
    return qEnvironmentVariable("THETOOL_BINARY_DIR");
}

PgTestDatabase::PgTestDatabase(const QString &testName)
{
    const QString raw = qEnvironmentVariable("TEST_DATABASE_URL");
    if (raw.isEmpty()) {
        m_error = QStringLiteral("TEST_DATABASE_URL is not set: run the tests through scripts/test, "
                                 "which starts a PostgreSQL cluster");
        return;
    }
    m_serverUrl = QUrl(raw);
    m_name = (QStringLiteral("t_") + testName + QLatin1Char('_') + uniqueSuffix()).toLower();
    const QString admin = QStringLiteral("pg_admin_") + m_name;
    {
        QSqlDatabase db = addPg(m_serverUrl, m_serverUrl.path().mid(1), admin);
        if (!db.open()) {
            m_error = QStringLiteral("cannot connect to ") + raw + QStringLiteral(": ") + db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("CREATE DATABASE \"") + m_name + QLatin1Char('"')))
                m_error = QStringLiteral("CREATE DATABASE failed: ") + query.lastError().text();
            else
                m_valid = true;
        }
    }
    QSqlDatabase::removeDatabase(admin);
}

PgTestDatabase::~PgTestDatabase()
{
    if (!m_valid)
        return;
    const QString admin = QStringLiteral("pg_drop_") + m_name;
    {
        QSqlDatabase db = addPg(m_serverUrl, m_serverUrl.path().mid(1), admin);
        if (db.open()) {
            QSqlQuery query(db);
            query.exec(QStringLiteral("DROP DATABASE IF EXISTS \"") + m_name + QStringLiteral("\" WITH (FORCE)"));
        }
    }
    QSqlDatabase::removeDatabase(admin);
}

QUrl PgTestDatabase::url() const
{
    QUrl url = m_serverUrl;
    url.setPath(QLatin1Char('/') + m_name);
    return url;
}

QString PgTestDatabase::openConnection(const QString &connectionName) const
{
    QSqlDatabase db = addPg(m_serverUrl, m_name, connectionName);
    db.open();
    return connectionName;
}

RedisTestServer::RedisTestServer(const QString &testName)
{
    const QString raw = qEnvironmentVariable("TEST_REDIS_URL");
    if (raw.isEmpty()) {
        m_error = QStringLiteral("TEST_REDIS_URL is not set: run the tests through scripts/test, "
                                 "which starts a Redis server");
        return;
    }
    m_url = QUrl(raw);
    m_prefix = QStringLiteral("test:") + testName + QLatin1Char(':') + uniqueSuffix() + QLatin1Char(':');
    const timeval timeout{5, 0};
    const QByteArray host = m_url.host().toUtf8();
    redisContext *context = redisConnectWithTimeout(host.constData(), m_url.port(6379), timeout);
    if (context == nullptr || context->err != 0) {
        m_error = QStringLiteral("cannot connect to ") + raw + QStringLiteral(": ")
            + (context ? QString::fromUtf8(context->errstr) : QStringLiteral("out of memory"));
        if (context)
            redisFree(context);
        return;
    }
    redisSetTimeout(context, timeout);
    m_context = context;
}

RedisTestServer::~RedisTestServer()
{
    if (!m_context)
        return;
    // Delete this test's keys; SCAN keeps it bounded on a shared server.
    const QByteArray pattern = m_prefix.toUtf8() + '*';
    QByteArray cursor = "0";
    do {
        auto *reply = static_cast<redisReply *>(
            redisCommand(m_context, "SCAN %b MATCH %b COUNT 500", cursor.constData(),
                         static_cast<size_t>(cursor.size()), pattern.constData(),
                         static_cast<size_t>(pattern.size())));
        if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) {
            if (reply)
                freeReplyObject(reply);
            break;
        }
        cursor = QByteArray(reply->element[0]->str, static_cast<int>(reply->element[0]->len));
        const redisReply *keys = reply->element[1];
        for (size_t i = 0; i < keys->elements; ++i) {
            auto *del = redisCommand(m_context, "DEL %b", keys->element[i]->str, keys->element[i]->len);
            if (del)
                freeReplyObject(del);
        }
        freeReplyObject(reply);
    } while (cursor != "0");
    redisFree(m_context);
}

} // namespace thetool::test
