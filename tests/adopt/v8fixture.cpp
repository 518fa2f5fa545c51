#include "tests/adopt/v8fixture.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace thetool::test {

namespace {

// The v8 DDL as init_db and migrations v1-v8 leave it (spec §5.1). TIMESTAMP is WITHOUT
// TIME ZONE, as in the original.
QStringList completeSchema()
{
    return {
        QStringLiteral("CREATE TABLE db_version (version INTEGER PRIMARY KEY, "
                       "applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, description TEXT)"),
        QStringLiteral(
            "CREATE TABLE watchlist_collections (id SERIAL PRIMARY KEY, name TEXT UNIQUE NOT NULL, "
            "description TEXT, user_id INTEGER DEFAULT 1, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"),
        // init_db's table carries UNIQUE(ticker, collection_id) besides the LOWER/COALESCE index.
        QStringLiteral(
            "CREATE TABLE watchlist (id SERIAL PRIMARY KEY, ticker TEXT NOT NULL, name TEXT, "
            "user_id INTEGER DEFAULT 1, "
            "collection_id INTEGER REFERENCES watchlist_collections(id) ON DELETE SET NULL, "
            "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, last_job_id TEXT, last_analyzed_at TIMESTAMP, "
            "last_status TEXT, notes TEXT, UNIQUE(ticker, collection_id))"),
        QStringLiteral("CREATE UNIQUE INDEX watchlist_ticker_collection_idx ON watchlist "
                       "(LOWER(ticker), COALESCE(collection_id, -1))"),
        QStringLiteral(
            "CREATE TABLE analysis_results (id SERIAL PRIMARY KEY, ticker TEXT NOT NULL, symbol TEXT, "
            "name TEXT, yahoo_symbol TEXT, score REAL NOT NULL, verdict TEXT NOT NULL, entry REAL, "
            "stop_loss REAL, target REAL, position_size INTEGER DEFAULT 0, "
            "risk_reward_ratio REAL DEFAULT 0, analysis_config TEXT, entry_method TEXT, "
            "data_source TEXT, is_demo_data BOOLEAN DEFAULT FALSE, raw_data TEXT, status TEXT, "
            "error_message TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP, "
            "analysis_source TEXT, job_id TEXT, started_at TIMESTAMP, completed_at TIMESTAMP, "
            "strategy_id INTEGER DEFAULT 1)"),
        QStringLiteral("CREATE INDEX idx_ticker ON analysis_results (ticker)"),
        QStringLiteral("CREATE INDEX idx_created_at ON analysis_results (created_at DESC)"),
        QStringLiteral("CREATE INDEX idx_ticker_created ON analysis_results (ticker, created_at DESC)"),
        QStringLiteral("CREATE INDEX idx_symbol ON analysis_results (symbol)"),
        QStringLiteral("CREATE INDEX idx_yahoo_symbol ON analysis_results (yahoo_symbol)"),
        QStringLiteral("CREATE INDEX idx_status ON analysis_results (status)"),
        QStringLiteral("CREATE INDEX idx_analysis_source ON analysis_results (analysis_source)"),
        QStringLiteral("CREATE INDEX idx_symbol_created ON analysis_results (symbol, created_at DESC)"),
        QStringLiteral("CREATE INDEX idx_source_symbol ON analysis_results (analysis_source, symbol)"),
        QStringLiteral("CREATE INDEX idx_updated_at ON analysis_results (updated_at)"),
        QStringLiteral("CREATE INDEX idx_strategy_id ON analysis_results (strategy_id)"),
        QStringLiteral("CREATE UNIQUE INDEX idx_analysis_ticker_date_strategy ON analysis_results "
                       "(ticker, CAST(created_at AS DATE), strategy_id)"),
        QStringLiteral(
            "CREATE TABLE analysis_jobs (job_id TEXT PRIMARY KEY, status TEXT NOT NULL, "
            "progress INTEGER DEFAULT 0, total INTEGER DEFAULT 0, completed INTEGER DEFAULT 0, "
            "successful INTEGER DEFAULT 0, errors TEXT, tickers_json TEXT, "
            "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "
            "started_at TIMESTAMP, completed_at TIMESTAMP, strategy_id INTEGER DEFAULT 1)"),
        QStringLiteral("CREATE INDEX idx_job_status ON analysis_jobs (status)"),
        QStringLiteral("CREATE INDEX idx_job_tickers ON analysis_jobs (tickers_json, status)"),
        QStringLiteral("CREATE INDEX idx_jobs_strategy_id ON analysis_jobs (strategy_id)"),
        QStringLiteral(
            "CREATE TABLE strategies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT, "
            "is_active BOOLEAN DEFAULT TRUE, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"),
    };
}

// Stopped before v2/v3/v5/v8 finished: the columns those add are missing, and v3's stricter
// UNIQUE (ticker, date) index is still there (spec §5.3).
QStringList halfAppliedSchema()
{
    QStringList schema = completeSchema();
    for (QString &s : schema) {
        s.replace(
            QStringLiteral(", last_job_id TEXT, last_analyzed_at TIMESTAMP, last_status TEXT, notes TEXT"),
            QString());
        s.replace(QStringLiteral(", job_id TEXT, started_at TIMESTAMP, completed_at TIMESTAMP, "
                                 "strategy_id INTEGER DEFAULT 1)"),
            QStringLiteral(")"));
        s.replace(QStringLiteral("errors TEXT, tickers_json TEXT,"), QStringLiteral("errors TEXT,"));
        s.replace(QStringLiteral(", completed_at TIMESTAMP, strategy_id INTEGER DEFAULT 1)"),
            QStringLiteral(", completed_at TIMESTAMP)"));
    }
    schema.removeIf([](const QString &s) {
        return s.contains(QLatin1String("idx_analysis_ticker_date_strategy"))
            || s.contains(QLatin1String("idx_strategy_id"))
            || s.contains(QLatin1String("idx_jobs_strategy_id"))
            || s.contains(QLatin1String("idx_job_tickers"));
    });
    schema.append(QStringLiteral("CREATE UNIQUE INDEX idx_analysis_ticker_date ON analysis_results "
                                 "(ticker, CAST(created_at AS DATE))"));
    return schema;
}

// Rows with the columns every shape has. Timestamps are the strings the Python backend
// sent: datetime.now().isoformat() (UTC in the container) and get_ist_timestamp() (+05:30).
QStringList commonRows(const QString &tickerColumn)
{
    return {
        QStringLiteral(
            "INSERT INTO strategies (id, name, description, created_at) VALUES "
            "(1, 'Strategy 1', 'Balanced Analysis - Equal weight to all 12 indicators. Good starting "
            "point for general market analysis.', '2025-09-01 00:00:00'), "
            "(2, 'Strategy 2', 'Trend Following', '2025-09-01 00:00:00'), "
            "(3, 'Strategy 3', 'Mean Reversion', '2025-09-01 00:00:00'), "
            "(4, 'Strategy 4', 'Momentum Breakout', '2025-09-01 00:00:00')"),
        QStringLiteral("INSERT INTO watchlist_collections (name, description, created_at) VALUES "
                       "('Banks', 'Private banks', '2025-10-01T08:00:00.250000'), "
                       "('IT', 'Software exporters', '2025-10-02T09:30:00')"),
        QStringLiteral("INSERT INTO watchlist (%1, name, collection_id, created_at) VALUES "
                       "('RELIANCE.NS', 'Reliance Industries', NULL, '2025-10-03T10:00:00.654321'), "
                       "('TCS.NS', 'Tata Consultancy Services', NULL, '2025-10-03T10:01:00'), "
                       "('HDFCBANK.NS', 'HDFC Bank', 1, '2025-10-04T11:00:00'), "
                       "('ICICIBANK.NS', 'ICICI Bank', 1, '2025-10-04T11:00:30'), "
                       "('INFY.NS', 'Infosys', 2, '2025-10-05T12:00:00'), "
                       "('TCS.NS', 'Tata Consultancy Services', 2, '2025-10-05T12:00:10')")
            .arg(tickerColumn),
        QStringLiteral(
            "INSERT INTO analysis_jobs (job_id, status, progress, total, completed, successful, errors, "
            "created_at, updated_at, started_at, completed_at) VALUES "
            "('3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a60', 'completed', 100, 3, 3, 3, '[]', "
            " '2025-11-20T09:58:01.512345', '2025-11-20T09:58:01.512345', "
            "'2025-11-20T15:28:02.250000+05:30', "
            " '2025-11-20T10:05:44.100000'), "
            "('7a1d9e55-2b3c-4d6e-8f70-91a2b3c4d5e6', 'processing', 33, 3, 1, 1, '[]', "
            " '2025-11-21T04:00:00', '2025-11-21T04:00:00', '2025-11-21T09:30:05+05:30', NULL), "
            "('c0ffee00-1111-4222-8333-944455556666', 'queued', 0, 2, 0, 0, '[]', "
            " '2025-11-21T04:10:00', '2025-11-21T04:10:00', NULL, NULL), "
            "('d15ea5e0-aaaa-4bbb-8ccc-dddd0000eeee', 'failed', 0, 1, 0, 0, '[{\"error\": \"Rate "
            "limited\"}]', "
            " '2025-11-19T06:00:00', '2025-11-19T06:00:00', '2025-11-19T11:30:01+05:30', "
            "'2025-11-19T06:00:05'), "
            "('ca11ed00-0000-4000-8000-000000000001', 'cancelled', 50, 2, 1, 1, '[]', "
            " '2025-11-18T07:00:00', '2025-11-18T07:00:00', '2025-11-18T12:30:00+05:30', "
            "'2025-11-18T07:01:00')"),
        QStringLiteral(
            "INSERT INTO analysis_results (ticker, symbol, name, yahoo_symbol, score, verdict, entry, "
            "stop_loss, "
            "target, position_size, risk_reward_ratio, analysis_config, entry_method, data_source, "
            "is_demo_data, "
            "raw_data, status, error_message, created_at, updated_at, analysis_source) VALUES "
            "('RELIANCE.NS', 'RELIANCE', NULL, 'RELIANCE.NS', 72.5, 'Buy', 1482.3, 1440.1, 1560, 67, 1.85, "
            " '{\"capital\": 100000}', 'Market Order', 'real', FALSE, "
            " '[{\"name\": \"RSI\", \"vote\": 1, \"confidence\": 0.7, \"category\": \"momentum\"}]', "
            "'completed', NULL, "
            " '2025-11-20T15:30:12.123456+05:30', '2025-11-20T15:30:12.123456+05:30', 'watchlist'), "
            "('RELIANCE.NS', 'RELIANCE', NULL, 'RELIANCE.NS', 55, 'Neutral', 1490, 1450, 1530, 50, 1, "
            " '{}', 'Market Order', 'real', FALSE, '[]', 'completed', NULL, "
            " '2025-11-21T10:15:00+05:30', '2025-11-21T10:15:00+05:30', 'watchlist'), "
            "('TCS.NS', 'TCS', NULL, 'TCS.NS', 30, 'Sell', 3400, 3500, 3200, 20, 2, '{}', 'Market Order', "
            "'real', "
            " FALSE, '[]', 'completed', NULL, '2025-11-20T15:31:00+05:30', '2025-11-20T15:31:00+05:30', "
            "'watchlist'), "
            "('TCS.NS', 'TCS', NULL, 'TCS.NS', 61, 'Buy', 3380, 3300, 3550, 22, 2.1, '{}', 'Market Order', "
            "'real', "
            " FALSE, '[]', 'completed', NULL, '2025-11-21T15:31:00+05:30', '2025-11-21T15:31:00+05:30', "
            "'watchlist'), "
            "('INFY.NS', 'INFY', NULL, 'INFY.NS', 80, 'Strong Buy', 1500, 1455, 1560, 40, 1.33, '{}', "
            " 'Market Order', 'real', FALSE, '[]', 'completed', NULL, "
            " '2025-11-22T00:10:00+05:30', '2025-11-22T00:10:00+05:30', 'watchlist'), "
            "('WIPRO.NS', 'WIPRO', NULL, 'WIPRO.NS', 0, 'Error', NULL, NULL, 0, 0, 0, '{}', 'Market Order', "
            "'real', "
            " FALSE, '[]', 'completed', 'No data for WIPRO.NS', "
            " '2025-11-20T15:32:00+05:30', '2025-11-20T15:32:00+05:30', 'watchlist')"),
    };
}

QStringList versions(int upTo)
{
    static const char *const descriptions[] = {"Initial unified schema", "Add watchlist columns",
        "Job tracking columns and indices", "Ensure watchlist.ticker exists",
        "Add analysis result tracking columns", "CRITICAL FIX: Add tickers_json column", "Final safety check",
        "Update unique constraint to include strategy_id"};
    QStringList rows;
    for (int v = 1; v <= upTo; ++v)
        rows << QStringLiteral("(%1, '2025-09-01 00:00:%2', '%3')")
                    .arg(v)
                    .arg(v, 2, 10, QLatin1Char('0'))
                    .arg(QString::fromLatin1(descriptions[v - 1]));
    return {QStringLiteral("INSERT INTO db_version (version, applied_at, description) VALUES ")
        + rows.join(QStringLiteral(", "))};
}

} // namespace

bool V8Fixture::build(QSqlDatabase &db, Shape shape, QString *error)
{
    // Railway's PostgreSQL runs in UTC: column defaults wrote UTC wall-clock.
    QStringList statements {QStringLiteral("SET TimeZone = 'UTC'")};
    switch (shape) {
    case Shape::Complete:
        statements << completeSchema() << commonRows(QStringLiteral("ticker")) << versions(8);
        statements << QStringLiteral(
            "UPDATE analysis_jobs SET tickers_json = '[\"RELIANCE.NS\", \"TCS.NS\"]', "
            "strategy_id = 2 WHERE status = 'completed'")
                   << QStringLiteral(
                          "UPDATE analysis_jobs SET tickers_json = '{\"type\": \"bulk\", \"count\": 150, "
                          "\"strategy_id\": 1}' WHERE status = 'processing'")
                   << QStringLiteral("UPDATE analysis_results SET strategy_id = 5 WHERE ticker = 'INFY.NS'")
                   << QStringLiteral("UPDATE watchlist SET notes = 'core holding', last_status = 'Buy', "
                                     "last_analyzed_at = '2025-11-20T10:00:12' WHERE ticker = 'RELIANCE.NS'")
                   // Same ticker and IST day as the first row, another strategy: allowed by v8's index.
                   << QStringLiteral(
                          "INSERT INTO analysis_results (ticker, symbol, yahoo_symbol, score, verdict, "
                          "entry, stop_loss, target, position_size, status, created_at, updated_at, "
                          "analysis_source, strategy_id) VALUES ('RELIANCE.NS', 'RELIANCE', "
                          "'RELIANCE.NS', 64, 'Buy', 1482.3, 1430, 1580, 55, 'completed', "
                          "'2025-11-20T15:45:00+05:30', '2025-11-20T15:45:00+05:30', 'watchlist', 2)");
        // The dormant API key tables (spec §5.1), as migrations_api_keys.py would create them.
        statements
            << QStringLiteral("CREATE TABLE api_keys (id SERIAL PRIMARY KEY, key_hash TEXT UNIQUE NOT NULL, "
                              "name TEXT NOT NULL, permissions TEXT NOT NULL, "
                              "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, revoked_at TIMESTAMP, "
                              "last_used_at TIMESTAMP, created_by TEXT)")
            << QStringLiteral("CREATE INDEX idx_api_keys_revoked ON api_keys (revoked_at)")
            << QStringLiteral("CREATE TABLE api_key_audit (id SERIAL PRIMARY KEY, key_hash TEXT NOT NULL "
                              "REFERENCES api_keys(key_hash) ON DELETE CASCADE, action TEXT NOT NULL, "
                              "details TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)")
            << QStringLiteral("CREATE INDEX idx_audit_action ON api_key_audit (action)")
            << QStringLiteral("INSERT INTO api_keys (key_hash, name, permissions, created_at, last_used_at) "
                              "VALUES (encode(sha256('legacy-key'), 'hex'), 'Frontend', 'read,write', "
                              "'2025-10-10 06:00:00', '2025-11-20T15:35:00+05:30')")
            << QStringLiteral("INSERT INTO api_key_audit (key_hash, action, details, created_at) VALUES "
                              "(encode(sha256('legacy-key'), 'hex'), 'created', 'Frontend', "
                              "'2025-10-10 06:00:00')");
        break;
    case Shape::HalfApplied:
        statements << halfAppliedSchema() << commonRows(QStringLiteral("ticker")) << versions(4);
        break;
    case Shape::PreV4: {
        QStringList schema = completeSchema();
        for (QString &s : schema) {
            s.replace(QStringLiteral("ticker TEXT NOT NULL, name TEXT, user_id"),
                QStringLiteral("symbol TEXT NOT NULL, name TEXT, user_id"));
            s.replace(QStringLiteral("UNIQUE(ticker, collection_id)"),
                QStringLiteral("UNIQUE(symbol, collection_id)"));
            s.replace(QStringLiteral("(LOWER(ticker), COALESCE"), QStringLiteral("(LOWER(symbol), COALESCE"));
        }
        statements << schema << commonRows(QStringLiteral("symbol")) << versions(3);
        break;
    }
    }
    for (const QString &sql : statements) {
        QSqlQuery query(db);
        if (!query.exec(sql)) {
            *error = query.lastError().text() + QStringLiteral(" in: ") + sql.left(120);
            return false;
        }
    }
    return true;
}

} // namespace thetool::test
