#include "backend/jobs/joblogger.h"

#include "backend/log/logger.h"
#include "backend/repo/eventrepository.h"
#include "backend/repo/joblogrepository.h"

namespace thetool::jobs {

JobLogger::JobLogger(
    db::Database &database, log::Logger &logger, QString jobId, QString correlationId, int attempt)
    : m_database(database)
    , m_logger(logger)
    , m_jobId(std::move(jobId))
    , m_correlationId(std::move(correlationId))
    , m_attempt(attempt)
{ }

void JobLogger::line(log::Level level, const QString &message, const QString &ticker)
{
    repo::JobLogLine row;
    row.jobId = m_jobId;
    row.level = log::levelName(level).toLower();
    row.correlationId = m_correlationId;
    row.attempt = m_attempt;
    row.ticker = ticker;
    row.message = message;
    const db::DbError stored = repo::JobLogRepository(m_database).append(&row);
    if (!stored)
        repo::EventRepository(m_database)
            .append(QStringLiteral("job.log"), m_jobId,
                {{QStringLiteral("log_id"), row.id}, {QStringLiteral("level"), row.level},
                    {QStringLiteral("message"), message},
                    {QStringLiteral("ticker"), ticker.isEmpty() ? QJsonValue() : QJsonValue(ticker)},
                    {QStringLiteral("attempt"), m_attempt},
                    {QStringLiteral("correlation_id"), m_correlationId}});

    log::LogRecord record;
    record.level = level;
    record.logger = QStringLiteral("thetool.jobs");
    record.message = message;
    record.jobId = m_jobId;
    record.correlationId = m_correlationId;
    record.fields.insert(QStringLiteral("attempt"), m_attempt);
    if (!ticker.isEmpty())
        record.fields.insert(QStringLiteral("ticker"), ticker);
    if (stored)
        record.fields.insert(QStringLiteral("job_log_error"), stored.message);
    m_logger.log(std::move(record));
}

} // namespace thetool::jobs
