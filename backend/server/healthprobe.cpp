#include "backend/server/healthprobe.h"

#include <QSqlQuery>

#include "backend/db/database.h"
#include "backend/ops/queuestats.h"

namespace thetool::server {

HealthProbe::HealthProbe(db::Database &database, std::chrono::seconds countsMaxAge)
    : m_database(database)
    , m_countsMaxAge(countsMaxAge)
{ }

HealthProbe::Result HealthProbe::probe()
{
    Result result;
    result.engine =
        m_database.dialect() == db::Dialect::Postgres ? QStringLiteral("postgres") : QStringLiteral("sqlite");
    const db::DbError ping = m_database.ping();
    if (ping) {
        result.error = db::DbError::kindName(ping.kind);
        return result;
    }
    result.connected = true;

    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (!m_haveCounts || now - m_countsTakenAt > m_countsMaxAge) {
        QJsonObject counts;
        QJsonValue version = QStringLiteral("unknown");
        const db::DbError error = m_database.run(
            [&](QSqlDatabase &db) -> db::DbError {
                QSqlQuery query(db);
                // Fixed table names: the original's whitelist (spec §2.1).
                for (const char *table : {"analysis_results", "analysis_jobs", "watchlist"}) {
                    const QString name = QString::fromLatin1(table);
                    if (auto e = m_database.exec(query, QStringLiteral("SELECT COUNT(*) FROM ") + name))
                        return e;
                    if (query.next())
                        counts.insert(name + QStringLiteral("_count"), query.value(0).toLongLong());
                }
                if (auto e =
                        m_database.exec(query, QStringLiteral("SELECT MAX(version) FROM schema_migrations")))
                    return e;
                if (query.next() && !query.value(0).isNull())
                    version = query.value(0).toInt();
                return {};
            },
            db::Database::Retry::Idempotent);
        if (error) {
            result.connected = false;
            result.error = db::DbError::kindName(error.kind);
            return result;
        }
        m_tableCounts = counts;
        m_schemaVersion = version;
        m_countsTakenAt = now;
        m_haveCounts = true;
    }
    result.tableCounts = m_tableCounts;
    result.schemaVersion = m_schemaVersion;
    result.jobs = jobsNow();
    return result;
}

QJsonObject HealthProbe::jobsNow()
{
    // Not cached: job_counts and the oldest queued job are two index reads, and a queue's
    // age 15 s out of date would mislead.
    ops::QueueStats stats;
    if (db::DbError e = ops::readQueueStats(m_database, &stats))
        return {{QStringLiteral("error"), db::DbError::kindName(e.kind)}};
    return stats.toHealthJson();
}

} // namespace thetool::server
