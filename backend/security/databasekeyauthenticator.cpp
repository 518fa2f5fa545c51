#include "backend/security/databasekeyauthenticator.h"

#include <QLoggingCategory>

#include "backend/repo/apikeyrepository.h"
#include "backend/repo/sqlsupport.h"
#include "backend/security/apikeymanager.h"

namespace thetool::security {

namespace {
Q_LOGGING_CATEGORY(lcKeys, "thetool.security")

// Longer than any key this server issues; such input is refused without a lookup.
constexpr qsizetype maxKeyLength = 256;
} // namespace

DatabaseKeyAuthenticator::DatabaseKeyAuthenticator(
    db::Database &database, Options options, ErrorHandler onError)
    : m_database(database)
    , m_options(options)
    , m_onError(std::move(onError))
    , m_lastFlush(Clock::now())
{ }

std::optional<Principal> DatabaseKeyAuthenticator::authenticate(const QString &presentedKey)
{
    if (presentedKey.isEmpty() || presentedKey.size() > maxKeyLength)
        return std::nullopt;
    const QString hash = ApiKeyManager::hashHex(presentedKey);
    const auto now = Clock::now();
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_cache.constFind(hash);
        if (it != m_cache.cend() && now - it->fetchedAt < m_options.cacheTtl) {
            if (it->principal)
                noteUse(it->id);
            return it->principal;
        }
    }

    std::optional<repo::ApiKeyRecord> record;
    if (const db::DbError error = repo::ApiKeyRepository(m_database).findActiveByHash(hash, &record)) {
        qCWarning(lcKeys).noquote() << "API key lookup failed:" << db::DbError::kindName(error.kind);
        if (m_onError)
            m_onError(error);
        return std::nullopt;
    }
    Entry entry;
    entry.fetchedAt = now;
    if (record) {
        entry.id = record->id;
        if (const std::optional<Scope> scope = ApiKeyManager::widestScope(record->permissions))
            entry.principal = Principal {QString::number(record->id), record->name, *scope};
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_cache.size() >= m_options.maxCacheEntries) {
            m_cache.removeIf(
                [&](const auto &item) { return now - item.value().fetchedAt >= m_options.cacheTtl; });
            if (m_cache.size() >= m_options.maxCacheEntries)
                m_cache.clear();
        }
        m_cache.insert(hash, entry);
        if (entry.principal)
            noteUse(entry.id);
    }
    if (entry.principal && Clock::now() - m_lastFlush >= m_options.flushInterval)
        flushLastUsed();
    return entry.principal;
}

void DatabaseKeyAuthenticator::noteUse(qint64 id)
{
    m_pendingUse.insert(id, repo::nowText());
}

void DatabaseKeyAuthenticator::forget(qint64 id)
{
    std::lock_guard lock(m_mutex);
    m_cache.removeIf([id](const auto &item) { return item.value().id == id; });
}

db::DbError DatabaseKeyAuthenticator::flushLastUsed()
{
    QHash<qint64, QString> batch;
    {
        std::lock_guard lock(m_mutex);
        if (m_flushing)
            return {};
        m_lastFlush = Clock::now();
        batch.swap(m_pendingUse);
        if (batch.isEmpty())
            return {};
        m_flushing = true;
    }
    const db::DbError error = repo::ApiKeyRepository(m_database).touchLastUsed(batch);
    std::lock_guard lock(m_mutex);
    m_flushing = false;
    if (error) {
        qCWarning(lcKeys).noquote() << "writing API key last-use times failed:"
                                    << db::DbError::kindName(error.kind);
        // Kept for the next batch unless a newer use replaced them.
        for (auto it = batch.cbegin(); it != batch.cend(); ++it) {
            if (!m_pendingUse.contains(it.key()))
                m_pendingUse.insert(it.key(), it.value());
        }
    }
    return error;
}

} // namespace thetool::security
