#pragma once

#include <QString>
#include <QUrl>

struct redisContext;

namespace thetool::test {

// Where the test's source data lives (THETOOL_SOURCE_DIR, set by CTest).
QString sourceDir();
QString binaryDir();

// A throwaway PostgreSQL database of this test's own, created in the cluster that
// scripts/test started (TEST_DATABASE_URL) and dropped on destruction, so tests can
// run in parallel. A missing cluster is a failure, never a skip.
class PgTestDatabase
{
public:
    explicit PgTestDatabase(const QString &testName);
    ~PgTestDatabase();
    PgTestDatabase(const PgTestDatabase &) = delete;
    PgTestDatabase &operator=(const PgTestDatabase &) = delete;

    bool isValid() const { return m_valid; }
    QString error() const { return m_error; }
    QString databaseName() const { return m_name; }
    // postgresql://user@host:port/<this database>
    QUrl url() const;
    // A QSqlDatabase connection name opened on this database.
    QString openConnection(const QString &connectionName) const;

private:
    QUrl m_serverUrl;
    QString m_name;
    QString m_error;
    bool m_valid = false;
};

// The Redis that scripts/test started (TEST_REDIS_URL) and a key prefix unique to
// this test process; keys under it are deleted on destruction.
class RedisTestServer
{
public:
    explicit RedisTestServer(const QString &testName);
    ~RedisTestServer();
    RedisTestServer(const RedisTestServer &) = delete;
    RedisTestServer &operator=(const RedisTestServer &) = delete;

    bool isValid() const { return m_context != nullptr; }
    QString error() const { return m_error; }
    QUrl url() const { return m_url; }
    QString keyPrefix() const { return m_prefix; }
    redisContext *context() const { return m_context; }

private:
    QUrl m_url;
    QString m_prefix;
    QString m_error;
    redisContext *m_context = nullptr;
};

} // namespace thetool::test
