#pragma once

#include <QHash>
#include <QString>

#include <chrono>
#include <functional>
#include <mutex>

#include "backend/db/database.h"
#include "backend/security/authenticator.h"

namespace thetool::security {

// Keys stored hashed in api_keys. Lookups (hits and misses) are cached per instance for
// `cacheTtl`: a key revoked elsewhere stops working here at most that long afterwards
// (the stated revocation delay, 5 s by default); forget() drops it at once. last_used_at is
// collected in memory and written in one batch at most every `flushInterval`, by whichever
// request comes next, and by flushLastUsed() at shutdown: no write per request.
class DatabaseKeyAuthenticator : public Authenticator
{
public:
    struct Options {
        std::chrono::milliseconds cacheTtl {5000};
        std::chrono::milliseconds flushInterval {5000};
        int maxCacheEntries = 10000;
    };
    // Called with a failed lookup's error; it may throw (serve answers 503). Without one,
    // or when it returns, the key is refused.
    using ErrorHandler = std::function<void(const db::DbError &)>;

    DatabaseKeyAuthenticator(db::Database &database, Options options, ErrorHandler onError = {});

    std::optional<Principal> authenticate(const QString &presentedKey) override;
    // Drops every cached lookup of key `id` (it was revoked through this instance).
    void forget(qint64 id);
    // Writes the pending last-use times now.
    db::DbError flushLastUsed();

private:
    struct Entry {
        std::optional<Principal> principal;
        qint64 id = 0;
        std::chrono::steady_clock::time_point fetchedAt;
    };
    using Clock = std::chrono::steady_clock;
    void noteUse(qint64 id);

    db::Database &m_database;
    Options m_options;
    ErrorHandler m_onError;
    std::mutex m_mutex;
    QHash<QString, Entry> m_cache; // hex hash → lookup
    QHash<qint64, QString> m_pendingUse; // id → last use (ISO 8601 UTC)
    Clock::time_point m_lastFlush;
    bool m_flushing = false;
};

} // namespace thetool::security
