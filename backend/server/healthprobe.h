#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <chrono>
#include <mutex>

namespace thetool::db {
class Database;
}

namespace thetool::server {

// What /health learns from the database. The ping runs on every call (it is what tells
// "up" from "down"); table counts and the schema version are cached for a while, because counting
// rows on every poll of a load balancer is not free (STYLE.md: no count(*) per refresh).
// Job counts come from job_counts (kept by triggers) on every call.
class HealthProbe
{
public:
    struct Result {
        bool connected = false;
        QString error;
        QString engine;
        QJsonObject tableCounts;
        QJsonValue schemaVersion;
        QJsonObject jobs;
    };

    explicit HealthProbe(
        db::Database &database, std::chrono::seconds countsMaxAge = std::chrono::seconds(15));
    Result probe(); // on a handler thread (uses that thread's connection)

private:
    QJsonObject jobsNow(); // /health "jobs" (ops::QueueStats)

    db::Database &m_database;
    const std::chrono::seconds m_countsMaxAge;
    std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_countsTakenAt;
    bool m_haveCounts = false;
    QJsonObject m_tableCounts;
    QJsonValue m_schemaVersion;
};

} // namespace thetool::server
