#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "backend/db/database.h"

namespace thetool::repo {

// A row of analysis_results (spec §8.12). Optional numbers use NaN for NULL; optional
// texts a null QString; a NULL strategy_id (a v8 database may hold one) reads 0.
// Timestamps are ISO 8601 UTC.
struct ResultRow {
    qint64 id = 0;
    QString ticker;
    QString symbol;
    QString name;
    QString yahooSymbol;
    double score = 0;
    QString verdict;
    double entry = qQNaN();
    double stopLoss = qQNaN();
    double target = qQNaN();
    qint64 positionSize = 0;
    double riskRewardRatio = 0;
    QString analysisConfig;
    QString entryMethod;
    QString dataSource;
    bool isDemoData = false;
    QString rawData;
    QString status;
    QString errorMessage;
    QString createdAt;
    QString updatedAt;
    QString analysisSource;
    QString jobId; // null: not from a job
    QString startedAt;
    QString completedAt;
    qint64 strategyId = 1;
};

class ResultRepository
{
public:
    explicit ResultRepository(db::Database &database)
        : m_database(database)
    { }

    // The same ticker twice for one job → UniqueViolation; an unknown job → ForeignKeyViolation.
    db::DbError insert(ResultRow *result);
    db::DbError get(qint64 id, std::optional<ResultRow> *out);
    // The ticker matched case-insensitively (ASCII), newest first (created_at, then id).
    db::DbError listByTicker(const QString &ticker, int limit, QList<ResultRow> *out);
    // The newest row of a ticker (case-insensitive as listByTicker), or nullopt.
    db::DbError latestByTicker(const QString &ticker, std::optional<ResultRow> *out);
    db::DbError listByJob(const QString &jobId, QList<ResultRow> *out);

private:
    db::Database &m_database;
};

} // namespace thetool::repo
