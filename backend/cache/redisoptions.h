#pragma once

#include <QByteArray>
#include <QString>

#include <chrono>

namespace thetool::cache {

// Where and how to reach Redis: REDIS_URL plus the timeouts, breaker and key prefix.
struct RedisOptions {
    QString host;
    int port = 6379;
    QString user; // Redis 6 ACL user; empty: AUTH with the password alone
    QString password;
    int database = 0;
    std::chrono::milliseconds connectTimeout {1000};
    std::chrono::milliseconds commandTimeout {1000};
    std::chrono::milliseconds retryAfter {30000}; // the breaker's open time
    int failureThreshold = 3; // failures in a row that open the breaker
    QByteArray keyPrefix = "thetool:"; // every key this server writes starts with it

    // Parses redis://[user:password@]host[:port][/db]; rediss:// is refused (this hiredis has
    // no TLS). Returns the problem, or an empty string with `out` filled.
    static QString parseUrl(const QString &url, RedisOptions *out);
    // host:port/db, never the password (for logs and /api/admin/cache).
    QString describe() const;
};

} // namespace thetool::cache
