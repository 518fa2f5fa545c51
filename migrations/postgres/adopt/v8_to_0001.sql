-- Adopts a TheTool v8 database (the Python backend's schema, spec §5.1) in place: afterwards
-- the schema is the one 0001_initial_schema.sql creates, and every row is kept.
-- MigrationRunner runs this file in ONE transaction together with recording 0001 in
-- schema_migrations (V8Adoption checks the preconditions first), so a failure leaves the
-- database as it was. tests/adopt compares the result with a fresh 0001 database.
--
-- Clocks (spec §0.4, DESIGN.md "Data"): the Python backend wrote jobs' created_at, updated_at
-- and completed_at as UTC wall-clock, jobs' started_at and results' timestamps as IST
-- wall-clock; column defaults (CURRENT_TIMESTAMP) are the server's clock, UTC on Railway.

-- A Python backend still running holds locks on these tables: fail with a clear message
-- instead of waiting forever (migrations run without statement_timeout).
SET LOCAL lock_timeout = '30s';

-- Converts TIMESTAMP columns of one table to TIMESTAMPTZ in one table rewrite, reading each
-- stored wall-clock time in its zone. Columns that are not TIMESTAMP are left alone.
-- pg_temp: it lives in this session only and never becomes part of the schema.
CREATE FUNCTION pg_temp.thetool_adopt_timestamps(tbl TEXT, cols TEXT[], zones TEXT[]) RETURNS void AS $$
DECLARE
    clauses TEXT[] := '{}';
    i INTEGER;
BEGIN
    FOR i IN 1 .. array_length(cols, 1) LOOP
        IF EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = tbl
                     AND column_name = cols[i] AND data_type = 'timestamp without time zone') THEN
            clauses := clauses || format('ALTER COLUMN %I TYPE TIMESTAMPTZ USING %I AT TIME ZONE %L',
                                         cols[i], cols[i], zones[i]);
        END IF;
    END LOOP;
    IF array_length(clauses, 1) > 0 THEN
        EXECUTE format('ALTER TABLE %I ', tbl) || array_to_string(clauses, ', ');
    END IF;
END;
$$ LANGUAGE plpgsql;

-- Tables a half-applied v8 may lack (init_db created them), and the dormant API key tables
-- (spec §5.1: never created by the app, adopted if a script did). Constraints beyond the
-- primary key come later, for new and old tables alike.
CREATE TABLE IF NOT EXISTS strategies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watchlist_collections (
    id          SERIAL PRIMARY KEY,
    name        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    id          SERIAL PRIMARY KEY,
    key_hash    TEXT NOT NULL,
    name        TEXT NOT NULL,
    permissions TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_key_audit (
    id          SERIAL PRIMARY KEY,
    key_hash    TEXT NOT NULL,
    action      TEXT NOT NULL
);

-- Every constraint but the primary keys, and every other index, of the adopted tables goes:
-- the v8 UNIQUE (ticker, CAST(created_at AS DATE), strategy_id) index must go before the type
-- change (PostgreSQL refuses it under that index), the manual script's stricter (ticker, date)
-- index and init_db's UNIQUE (ticker, collection_id) are not part of the new schema, and
-- re-creating the rest below gives exactly 0001's definitions. Indexes hold no data.
DO $$
DECLARE
    adopted CONSTANT TEXT[] := ARRAY['db_version', 'strategies', 'analysis_jobs', 'analysis_results',
        'watchlist_collections', 'watchlist', 'api_keys', 'api_key_audit'];
    r RECORD;
BEGIN
    FOR r IN SELECT c.conname, t.relname
             FROM pg_constraint c
             JOIN pg_class t ON t.oid = c.conrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = current_schema() AND t.relname = ANY (adopted) AND c.contype <> 'p'
             ORDER BY c.contype <> 'f', c.conname LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.relname, r.conname);
    END LOOP;
    FOR r IN SELECT ic.relname AS indexname
             FROM pg_index i
             JOIN pg_class t ON t.oid = i.indrelid
             JOIN pg_class ic ON ic.oid = i.indexrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = current_schema() AND t.relname = ANY (adopted) AND NOT i.indisprimary LOOP
        EXECUTE format('DROP INDEX %I', r.indexname);
    END LOOP;
END;
$$;

-- Columns: what a half-applied v8 may lack (spec §5.3) and the new ones, as 0001 defines them.
ALTER TABLE db_version
    ADD COLUMN IF NOT EXISTS applied_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN IF NOT EXISTS description TEXT;

ALTER TABLE strategies
    ADD COLUMN IF NOT EXISTS description TEXT,
    ADD COLUMN IF NOT EXISTS is_active BOOLEAN DEFAULT TRUE,
    ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP;

ALTER TABLE analysis_jobs
    ADD COLUMN IF NOT EXISTS progress INTEGER DEFAULT 0,
    ADD COLUMN IF NOT EXISTS total INTEGER DEFAULT 0,
    ADD COLUMN IF NOT EXISTS completed INTEGER DEFAULT 0,
    ADD COLUMN IF NOT EXISTS successful INTEGER DEFAULT 0,
    ADD COLUMN IF NOT EXISTS errors TEXT DEFAULT '[]',
    ADD COLUMN IF NOT EXISTS tickers_json TEXT,
    ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN IF NOT EXISTS updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN IF NOT EXISTS started_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS completed_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS strategy_id INTEGER DEFAULT 1,
    ADD COLUMN IF NOT EXISTS kind TEXT NOT NULL DEFAULT 'analysis',
    ADD COLUMN IF NOT EXISTS correlation_id TEXT,
    ADD COLUMN IF NOT EXISTS attempt INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS max_attempts INTEGER NOT NULL DEFAULT 3,
    ADD COLUMN IF NOT EXISTS lease_owner TEXT,
    ADD COLUMN IF NOT EXISTS lease_until TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN IF NOT EXISTS ticker_timeout_seconds INTEGER NOT NULL DEFAULT 120,
    ADD COLUMN IF NOT EXISTS job_timeout_seconds INTEGER NOT NULL DEFAULT 3600,
    ADD COLUMN IF NOT EXISTS config_json TEXT,
    ADD COLUMN IF NOT EXISTS error TEXT,
    ADD COLUMN IF NOT EXISTS priority INTEGER NOT NULL DEFAULT 100,
    ADD COLUMN IF NOT EXISTS run_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP;

ALTER TABLE analysis_results
    ADD COLUMN IF NOT EXISTS symbol TEXT,
    ADD COLUMN IF NOT EXISTS name TEXT,
    ADD COLUMN IF NOT EXISTS yahoo_symbol TEXT,
    ADD COLUMN IF NOT EXISTS entry REAL,
    ADD COLUMN IF NOT EXISTS stop_loss REAL,
    ADD COLUMN IF NOT EXISTS target REAL,
    ADD COLUMN IF NOT EXISTS position_size INTEGER DEFAULT 0,
    ADD COLUMN IF NOT EXISTS risk_reward_ratio REAL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS analysis_config TEXT,
    ADD COLUMN IF NOT EXISTS entry_method TEXT,
    ADD COLUMN IF NOT EXISTS data_source TEXT,
    ADD COLUMN IF NOT EXISTS is_demo_data BOOLEAN DEFAULT FALSE,
    ADD COLUMN IF NOT EXISTS raw_data TEXT,
    ADD COLUMN IF NOT EXISTS status TEXT,
    ADD COLUMN IF NOT EXISTS error_message TEXT,
    ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN IF NOT EXISTS updated_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS analysis_source TEXT,
    ADD COLUMN IF NOT EXISTS job_id TEXT,
    ADD COLUMN IF NOT EXISTS started_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS completed_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS strategy_id INTEGER DEFAULT 1;

ALTER TABLE watchlist_collections
    ADD COLUMN IF NOT EXISTS description TEXT,
    ADD COLUMN IF NOT EXISTS user_id INTEGER DEFAULT 1,
    ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP;

ALTER TABLE watchlist
    ADD COLUMN IF NOT EXISTS name TEXT,
    ADD COLUMN IF NOT EXISTS user_id INTEGER DEFAULT 1,
    ADD COLUMN IF NOT EXISTS collection_id INTEGER,
    ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN IF NOT EXISTS last_job_id TEXT,
    ADD COLUMN IF NOT EXISTS last_analyzed_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS last_status TEXT,
    ADD COLUMN IF NOT EXISTS notes TEXT;

ALTER TABLE api_keys
    ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN IF NOT EXISTS revoked_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS last_used_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS created_by TEXT;

ALTER TABLE api_key_audit
    ADD COLUMN IF NOT EXISTS details TEXT,
    ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP;

-- Timestamps to UTC, each read in the clock that wrote it.
SELECT pg_temp.thetool_adopt_timestamps('db_version', ARRAY['applied_at'], ARRAY['UTC']);
SELECT pg_temp.thetool_adopt_timestamps('strategies', ARRAY['created_at'], ARRAY['UTC']);
SELECT pg_temp.thetool_adopt_timestamps('analysis_jobs',
    ARRAY['created_at', 'updated_at', 'completed_at', 'started_at'],
    ARRAY['UTC', 'UTC', 'UTC', 'Asia/Kolkata']);
SELECT pg_temp.thetool_adopt_timestamps('analysis_results',
    ARRAY['created_at', 'updated_at', 'started_at', 'completed_at'],
    ARRAY['Asia/Kolkata', 'Asia/Kolkata', 'Asia/Kolkata', 'Asia/Kolkata']);
SELECT pg_temp.thetool_adopt_timestamps('watchlist_collections', ARRAY['created_at'], ARRAY['UTC']);
SELECT pg_temp.thetool_adopt_timestamps('watchlist', ARRAY['created_at', 'last_analyzed_at'], ARRAY['UTC', 'UTC']);
-- api_keys.last_used_at was written as IST now (spec §3); the rest are column defaults.
SELECT pg_temp.thetool_adopt_timestamps('api_keys', ARRAY['created_at', 'revoked_at', 'last_used_at'],
    ARRAY['UTC', 'UTC', 'Asia/Kolkata']);
SELECT pg_temp.thetool_adopt_timestamps('api_key_audit', ARRAY['created_at'], ARRAY['UTC']);

-- Defaults and NOT NULL as 0001 declares them (a type change keeps a default's expression,
-- but a v8 column added by an older step may have none).
ALTER TABLE db_version ALTER COLUMN applied_at SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE strategies
    ALTER COLUMN name SET NOT NULL,
    ALTER COLUMN is_active SET DEFAULT TRUE,
    ALTER COLUMN created_at SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE analysis_jobs
    ALTER COLUMN status SET NOT NULL,
    ALTER COLUMN status SET DEFAULT 'queued',
    ALTER COLUMN progress SET DEFAULT 0,
    ALTER COLUMN total SET DEFAULT 0,
    ALTER COLUMN completed SET DEFAULT 0,
    ALTER COLUMN successful SET DEFAULT 0,
    ALTER COLUMN errors SET DEFAULT '[]',
    ALTER COLUMN created_at SET DEFAULT CURRENT_TIMESTAMP,
    ALTER COLUMN updated_at SET DEFAULT CURRENT_TIMESTAMP,
    ALTER COLUMN strategy_id SET DEFAULT 1;
ALTER TABLE analysis_results
    ALTER COLUMN ticker SET NOT NULL,
    ALTER COLUMN score SET NOT NULL,
    ALTER COLUMN verdict SET NOT NULL,
    ALTER COLUMN position_size SET DEFAULT 0,
    ALTER COLUMN risk_reward_ratio SET DEFAULT 0,
    ALTER COLUMN is_demo_data SET DEFAULT FALSE,
    ALTER COLUMN created_at SET DEFAULT CURRENT_TIMESTAMP,
    ALTER COLUMN strategy_id SET DEFAULT 1;
ALTER TABLE watchlist_collections
    ALTER COLUMN name SET NOT NULL,
    ALTER COLUMN user_id SET DEFAULT 1,
    ALTER COLUMN created_at SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE watchlist
    ALTER COLUMN ticker SET NOT NULL,
    ALTER COLUMN user_id SET DEFAULT 1,
    ALTER COLUMN created_at SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE api_keys ALTER COLUMN created_at SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE api_key_audit ALTER COLUMN created_at SET DEFAULT CURRENT_TIMESTAMP;

-- Jobs the Python backend left running cannot be resumed (no worker owns them any more).
UPDATE analysis_jobs
SET status = 'failed',
    error = 'orphaned by previous backend',
    errors = CASE WHEN errors IS NULL OR btrim(errors) IN ('', '[]')
                  THEN '[{"error": "orphaned by previous backend"}]' ELSE errors END,
    completed_at = COALESCE(completed_at, CURRENT_TIMESTAMP),
    updated_at = CURRENT_TIMESTAMP
WHERE status IN ('queued', 'processing');

-- v8 never set job_id (spec §8.12); a value naming a job that is gone means "no job", which
-- is what the new foreign key's ON DELETE SET NULL would have made of it.
UPDATE analysis_results r SET job_id = NULL
WHERE job_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM analysis_jobs j WHERE j.job_id = r.job_id);

INSERT INTO strategies (id, name, description) VALUES
    (1, 'Strategy 1', 'Balanced Analysis - Equal weight to all 12 indicators. Good starting point for general market analysis.'),
    (2, 'Strategy 2', 'Trend Following - Emphasizes MACD, ADX, EMA crossovers. Best for trending markets with clear directional moves.'),
    (3, 'Strategy 3', 'Mean Reversion - Emphasizes RSI, Bollinger Bands, Stochastic. Best for range-bound markets where prices oscillate.'),
    (4, 'Strategy 4', 'Momentum Breakout - Volume-confirmed momentum signals. Best for catching breakouts with strong volume confirmation.'),
    (5, 'Strategy 5', 'Weekly 4% Target (OPTIMIZED Dec 2025) - High-conviction swing trading. 4% target, 3% smart stop, 15-bar holding. Includes trend filter (SMA 50), cooldown after loss, and momentum validation.')
ON CONFLICT (id) DO NOTHING;

-- Constraints as 0001 names them.
ALTER TABLE analysis_jobs
    ADD CONSTRAINT analysis_jobs_status_check
        CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'cancelled')),
    ADD CONSTRAINT analysis_jobs_kind_check
        CHECK (kind IN ('analysis', 'bulk_analysis', 'backtest', 'cleanup'));
ALTER TABLE analysis_results
    ADD CONSTRAINT analysis_results_job_id_fkey
        FOREIGN KEY (job_id) REFERENCES analysis_jobs (job_id) ON DELETE SET NULL;
ALTER TABLE watchlist_collections ADD CONSTRAINT watchlist_collections_name_key UNIQUE (name);
ALTER TABLE watchlist
    ADD CONSTRAINT watchlist_collection_id_fkey
        FOREIGN KEY (collection_id) REFERENCES watchlist_collections (id) ON DELETE SET NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash);
ALTER TABLE api_key_audit
    ADD CONSTRAINT api_key_audit_key_hash_fkey
        FOREIGN KEY (key_hash) REFERENCES api_keys (key_hash) ON DELETE CASCADE;

-- updated_at follows every change of a job unless the UPDATE sets it itself (as in 0001).
CREATE OR REPLACE FUNCTION thetool_touch_updated_at() RETURNS trigger AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS analysis_jobs_touch_updated_at ON analysis_jobs;
CREATE TRIGGER analysis_jobs_touch_updated_at BEFORE UPDATE ON analysis_jobs
    FOR EACH ROW EXECUTE FUNCTION thetool_touch_updated_at();

-- Indexes, exactly as 0001 creates them.
CREATE INDEX idx_job_status ON analysis_jobs (status);
CREATE INDEX idx_job_tickers ON analysis_jobs (tickers_json, status);
CREATE INDEX idx_jobs_strategy_id ON analysis_jobs (strategy_id);
CREATE INDEX idx_jobs_status_created ON analysis_jobs (status, created_at DESC, job_id DESC);
CREATE INDEX idx_jobs_created ON analysis_jobs (created_at DESC, job_id DESC);
CREATE INDEX idx_jobs_claim ON analysis_jobs (priority, created_at) WHERE status = 'queued';
CREATE INDEX idx_jobs_lease ON analysis_jobs (lease_until) WHERE status = 'processing';
CREATE INDEX idx_jobs_correlation ON analysis_jobs (correlation_id);
CREATE INDEX idx_jobs_kind_created ON analysis_jobs (kind, created_at DESC);

CREATE INDEX idx_ticker ON analysis_results (ticker);
CREATE INDEX idx_created_at ON analysis_results (created_at DESC);
CREATE INDEX idx_ticker_created ON analysis_results (ticker, created_at DESC);
CREATE INDEX idx_symbol ON analysis_results (symbol);
CREATE INDEX idx_yahoo_symbol ON analysis_results (yahoo_symbol);
CREATE INDEX idx_status ON analysis_results (status);
CREATE INDEX idx_analysis_source ON analysis_results (analysis_source);
CREATE INDEX idx_symbol_created ON analysis_results (symbol, created_at DESC);
CREATE INDEX idx_source_symbol ON analysis_results (analysis_source, symbol);
CREATE INDEX idx_updated_at ON analysis_results (updated_at);
CREATE INDEX idx_strategy_id ON analysis_results (strategy_id);
CREATE UNIQUE INDEX idx_results_job_ticker ON analysis_results (job_id, ticker) WHERE job_id IS NOT NULL;

CREATE UNIQUE INDEX watchlist_ticker_collection_idx ON watchlist (LOWER(ticker), COALESCE(collection_id, -1));
CREATE INDEX idx_watchlist_collection ON watchlist (collection_id, created_at);

CREATE INDEX idx_api_keys_revoked ON api_keys (revoked_at);
CREATE INDEX idx_audit_action ON api_key_audit (action);
CREATE INDEX idx_api_key_audit_key ON api_key_audit (key_hash, created_at);

-- The new tables, as 0001 creates them.
CREATE TABLE job_logs (
    id             BIGSERIAL PRIMARY KEY,
    job_id         TEXT NOT NULL REFERENCES analysis_jobs (job_id) ON DELETE CASCADE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    level          TEXT NOT NULL DEFAULT 'info' CHECK (level IN ('debug', 'info', 'warning', 'error')),
    correlation_id TEXT,
    attempt        INTEGER,
    ticker         TEXT,
    message        TEXT NOT NULL
);

CREATE INDEX idx_job_logs_job ON job_logs (job_id, id);
CREATE INDEX idx_job_logs_created ON job_logs (created_at);
CREATE INDEX idx_job_logs_correlation ON job_logs (correlation_id);

CREATE TABLE price_bars (
    symbol     TEXT NOT NULL,
    date       DATE NOT NULL,
    open       DOUBLE PRECISION NOT NULL,
    high       DOUBLE PRECISION NOT NULL,
    low        DOUBLE PRECISION NOT NULL,
    close      DOUBLE PRECISION NOT NULL,
    adj_close  DOUBLE PRECISION,
    volume     BIGINT NOT NULL DEFAULT 0,
    source     TEXT NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (symbol, date)
);

CREATE INDEX idx_price_bars_fetched ON price_bars (symbol, fetched_at);

CREATE TABLE admin_audit (
    id             BIGSERIAL PRIMARY KEY,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    actor          TEXT,
    action         TEXT NOT NULL,
    target         TEXT,
    details        TEXT,
    request_id     TEXT,
    client_address TEXT
);

CREATE INDEX idx_admin_audit_created ON admin_audit (created_at DESC, id DESC);
CREATE INDEX idx_admin_audit_action ON admin_audit (action, created_at DESC);

CREATE TABLE workers (
    worker_id      TEXT PRIMARY KEY,
    instance       TEXT NOT NULL,
    hostname       TEXT,
    pid            INTEGER,
    version        TEXT,
    status         TEXT NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'busy', 'stopping')),
    current_job_id TEXT REFERENCES analysis_jobs (job_id) ON DELETE SET NULL,
    started_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    heartbeat_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_workers_heartbeat ON workers (heartbeat_at);

DROP FUNCTION pg_temp.thetool_adopt_timestamps(TEXT, TEXT[], TEXT[]);
