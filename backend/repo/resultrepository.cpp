#include "backend/repo/resultrepository.h"

#include <cmath>

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

namespace {

const QString columns = QStringLiteral(
    "SELECT id, ticker, symbol, name, yahoo_symbol, score, verdict, entry, stop_loss, target, position_size, "
    "risk_reward_ratio, analysis_config, entry_method, data_source, is_demo_data, raw_data, status, "
    "error_message, created_at, updated_at, analysis_source, job_id, started_at, completed_at, strategy_id "
    "FROM analysis_results ");

QVariant number(double value)
{
    return std::isnan(value) ? QVariant(QMetaType::fromType<double>()) : QVariant(value);
}

double readNumber(const QVariant &value)
{
    return value.isNull() ? qQNaN() : value.toDouble();
}

ResultRow readResult(const QSqlQuery &row)
{
    ResultRow r;
    r.id = row.value(0).toLongLong();
    r.ticker = row.value(1).toString();
    r.symbol = row.value(2).toString();
    r.name = row.value(3).toString();
    r.yahooSymbol = row.value(4).toString();
    r.score = row.value(5).toDouble();
    r.verdict = row.value(6).toString();
    r.entry = readNumber(row.value(7));
    r.stopLoss = readNumber(row.value(8));
    r.target = readNumber(row.value(9));
    r.positionSize = row.value(10).toLongLong();
    r.riskRewardRatio = row.value(11).toDouble();
    r.analysisConfig = row.value(12).toString();
    r.entryMethod = row.value(13).toString();
    r.dataSource = row.value(14).toString();
    r.isDemoData = row.value(15).toBool();
    r.rawData = row.value(16).toString();
    r.status = row.value(17).toString();
    r.errorMessage = row.value(18).toString();
    r.createdAt = timestampText(row.value(19));
    r.updatedAt = timestampText(row.value(20));
    r.analysisSource = row.value(21).toString();
    r.jobId = row.value(22).toString();
    r.startedAt = timestampText(row.value(23));
    r.completedAt = timestampText(row.value(24));
    r.strategyId = row.value(25).isNull() ? 0 : row.value(25).toLongLong();
    return r;
}

} // namespace

QString resultInsertSql()
{
    return QStringLiteral(
        "INSERT INTO analysis_results (ticker, symbol, name, yahoo_symbol, score, verdict, entry, "
        "stop_loss, target, position_size, risk_reward_ratio, analysis_config, entry_method, "
        "data_source, is_demo_data, raw_data, status, error_message, updated_at, analysis_source, "
        "job_id, started_at, completed_at, strategy_id, attempt) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ");
}

QVariantList resultInsertBinds(const ResultRow &r)
{
    return {text(r.ticker), text(r.symbol), text(r.name), text(r.yahooSymbol), r.score, text(r.verdict),
        number(r.entry), number(r.stopLoss), number(r.target), r.positionSize, r.riskRewardRatio,
        text(r.analysisConfig), text(r.entryMethod), text(r.dataSource), r.isDemoData, text(r.rawData),
        text(r.status), text(r.errorMessage), text(r.updatedAt), text(r.analysisSource), text(r.jobId),
        text(r.startedAt), text(r.completedAt), r.strategyId, nullableInt(r.attempt > 0, r.attempt)};
}

db::DbError ResultRepository::insert(ResultRow *r)
{
    return runBound(m_database, resultInsertSql() + QStringLiteral("RETURNING id, created_at"),
        resultInsertBinds(*r), [r](const QSqlQuery &row) {
            r->id = row.value(0).toLongLong();
            r->createdAt = timestampText(row.value(1));
        });
}

db::DbError ResultRepository::get(qint64 id, std::optional<ResultRow> *out)
{
    out->reset();
    return runBound(
        m_database, columns + QStringLiteral("WHERE id = ?"), {id},
        [out](const QSqlQuery &row) { *out = readResult(row); }, db::Database::Retry::Idempotent);
}

db::DbError ResultRepository::listByTicker(const QString &ticker, int limit, QList<ResultRow> *out)
{
    out->clear();
    // Tickers are stored upper-cased (spec §8.12), but rows written by other tools may not be:
    // compare folded. LOWER() folds ASCII on SQLite and everything on PostgreSQL; tickers are ASCII.
    return runBound(
        m_database,
        columns
            + QStringLiteral(
                "WHERE LOWER(ticker) = LOWER(CAST(? AS TEXT)) ORDER BY created_at DESC, id DESC LIMIT ?"),
        {text(ticker), qMax(0, limit)}, [out](const QSqlQuery &row) { out->append(readResult(row)); },
        db::Database::Retry::Idempotent);
}

db::DbError ResultRepository::latestByTicker(const QString &ticker, std::optional<ResultRow> *out)
{
    out->reset();
    QList<ResultRow> rows;
    if (db::DbError e = listByTicker(ticker, 1, &rows))
        return e;
    if (!rows.isEmpty())
        *out = rows.first();
    return {};
}

db::DbError ResultRepository::listByJob(const QString &jobId, QList<ResultRow> *out)
{
    out->clear();
    return runBound(
        m_database, columns + QStringLiteral("WHERE job_id = ? ORDER BY id"), {text(jobId)},
        [out](const QSqlQuery &row) { out->append(readResult(row)); }, db::Database::Retry::Idempotent);
}

db::DbError ResultRepository::listBySymbol(const QString &symbol, int limit, QList<ResultRow> *out)
{
    out->clear();
    return runBound(
        m_database,
        columns
            + QStringLiteral("WHERE LOWER(symbol) = LOWER(?) OR LOWER(ticker) = LOWER(?) "
                             "ORDER BY created_at DESC, id DESC LIMIT ?"),
        {text(symbol), text(symbol), qMax(0, limit)},
        [out](const QSqlQuery &row) { out->append(readResult(row)); }, db::Database::Retry::Idempotent);
}

db::DbError ResultRepository::listTickers(int limit, int offset, QList<TickerSummary> *out, qint64 *total)
{
    out->clear();
    *total = 0;
    if (db::DbError e = runBound(
            m_database, QStringLiteral("SELECT COUNT(DISTINCT ticker) FROM analysis_results"), {},
            [total](const QSqlQuery &row) { *total = row.value(0).toLongLong(); },
            db::Database::Retry::Idempotent))
        return e;
    return runBound(
        m_database,
        QStringLiteral("SELECT ticker, MAX(symbol), MAX(created_at) AS latest FROM analysis_results "
                       "GROUP BY ticker ORDER BY latest DESC, ticker LIMIT ? OFFSET ?"),
        {qMax(0, limit), qMax(0, offset)},
        [out](const QSqlQuery &row) {
            out->append({row.value(0).toString(), row.value(1).toString(), timestampText(row.value(2))});
        },
        db::Database::Retry::Idempotent);
}

db::DbError ResultRepository::initializePlaceholders(
    const QList<Placeholder> &stocks, bool force, InitializeOutcome *outcome)
{
    *outcome = {};
    return inTransaction(m_database, [&](QSqlQuery &query) -> db::DbError {
        InitializeOutcome result;
        if (db::DbError e =
                execBound(m_database, query, QStringLiteral("SELECT COUNT(*) FROM analysis_results"), {},
                    [&](const QSqlQuery &row) { result.existingRows = row.value(0).toLongLong(); }))
            return e;
        if (result.existingRows > 0 && !force) {
            *outcome = result;
            return {};
        }
        for (const Placeholder &stock : stocks) {
            if (db::DbError e = execBound(m_database, query,
                    QStringLiteral("INSERT INTO analysis_results (ticker, symbol, name, yahoo_symbol, score, "
                                   "verdict, status) SELECT ?, ?, ?, ?, 0.0, 'HOLD', 'initialized' "
                                   "WHERE NOT EXISTS "
                                   "(SELECT 1 FROM analysis_results WHERE ticker = ?)"),
                    {text(stock.ticker), text(stock.symbol), text(stock.name), text(stock.ticker),
                        text(stock.ticker)}))
                return e;
            if (query.numRowsAffected() > 0)
                ++result.inserted;
            else
                ++result.skipped;
        }
        *outcome = result;
        return {};
    });
}

} // namespace thetool::repo
