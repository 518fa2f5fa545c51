#pragma once

#include <QJsonObject>
#include <QString>

#include "backend/log/logrecord.h"

namespace thetool::db {
class Database;
}
namespace thetool::log {
class Logger;
}

namespace thetool::jobs {

// One job's log: each line goes to `job_logs` (what the API and console show) and to the
// server log with job_id and correlation_id fields. A failed job_logs insert is reported
// in the server log and never stops the job.
class JobLogger
{
public:
    JobLogger(db::Database &database, log::Logger &logger, QString jobId, QString correlationId, int attempt);

    void info(const QString &message, const QString &ticker = {}) { line(log::Level::Info, message, ticker); }
    void warning(const QString &message, const QString &ticker = {})
    {
        line(log::Level::Warning, message, ticker);
    }
    void error(const QString &message, const QString &ticker = {})
    {
        line(log::Level::Error, message, ticker);
    }
    void line(log::Level level, const QString &message, const QString &ticker = {});

private:
    db::Database &m_database;
    log::Logger &m_logger;
    QString m_jobId;
    QString m_correlationId;
    int m_attempt;
};

} // namespace thetool::jobs
