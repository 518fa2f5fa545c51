#pragma once

#include <QList>
#include <QString>
#include <QVariantList>

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
    int attempt = 0; // the job attempt that stored it; 0: none
};

// The INSERT of one row (no RETURNING) and its binds, for writers that run it inside their
// own transaction (the job queue's fenced batches).
QString resultInsertSql();
QVariantList resultInsertBinds(const ResultRow &row);

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
    // Newest first, rows whose symbol or ticker equals `symbol` case-insensitively.
    db::DbError listBySymbol(const QString &symbol, int limit, QList<ResultRow> *out);

    // One analysed ticker (GET /api/stocks/all-stocks): its latest result's time.
    struct TickerSummary {
        QString ticker;
        QString symbol;
        QString latestAnalysis; // ISO 8601 UTC
    };
    // Distinct tickers, most recently analysed first; `total` counts them all.
    db::DbError listTickers(int limit, int offset, QList<TickerSummary> *out, qint64 *total);

    // A placeholder row per stock (spec §2.3 /initialize-all-stocks).
    struct Placeholder {
        QString ticker; // "RELIANCE.NS"
        QString symbol; // "RELIANCE"
        QString name;
    };
    struct InitializeOutcome {
        qint64 existingRows = 0; // rows before; nothing is inserted when > 0 and not forced
        int inserted = 0;
        int skipped = 0; // a row for that ticker existed already
    };
    // Inserts a 'HOLD'/0.0 row with status 'initialized' for each stock that has no row
    // yet, in one transaction; does nothing when results exist and `force` is false.
    db::DbError initializePlaceholders(
        const QList<Placeholder> &stocks, bool force, InitializeOutcome *outcome);

private:
    db::Database &m_database;
};

} // namespace thetool::repo
