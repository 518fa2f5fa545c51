-- TheTool schema, version 1 (PostgreSQL).
-- min-compatible: 1
--
-- The tables and columns of the original backend (spec §5.1) keep their names and types so a
-- TheTool v8 database can be adopted in place, with two deliberate differences: timestamps
-- are TIMESTAMPTZ (UTC everywhere, spec §0.4) and the v8 UNIQUE index on
-- (ticker, CAST(created_at AS DATE), strategy_id) is not created (spec §4.3 FIX).
-- New: job queue columns, job_logs, price_bars, api_keys, api_key_audit, admin_audit, workers.

-- Kept for v8 compatibility; the Python backend's own version table. TheTool records its
-- versions in schema_migrations.
CREATE TABLE db_version (
    version     INTEGER PRIMARY KEY,
    applied_at  TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    description TEXT
);

CREATE TABLE strategies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT,
    is_active   BOOLEAN DEFAULT TRUE,
    created_at  TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO strategies (id, name, description) VALUES
    (1, 'Strategy 1', 'Balanced Analysis - Equal weight to all 12 indicators. Good starting point for general market analysis.'),
    (2, 'Strategy 2', 'Trend Following - Emphasizes MACD, ADX, EMA crossovers. Best for trending markets with clear directional moves.'),
    (3, 'Strategy 3', 'Mean Reversion - Emphasizes RSI, Bollinger Bands, Stochastic. Best for range-bound markets where prices oscillate.'),
    (4, 'Strategy 4', 'Momentum Breakout - Volume-confirmed momentum signals. Best for catching breakouts with strong volume confirmation.'),
    (5, 'Strategy 5', 'Weekly 4% Target (OPTIMIZED Dec 2025) - High-conviction swing trading. 4% target, 3% smart stop, 15-bar holding. Includes trend filter (SMA 50), cooldown after loss, and momentum validation.')
ON CONFLICT (id) DO NOTHING;

-- The job queue (DESIGN.md "Jobs"). Status strings are the original ones.
CREATE TABLE analysis_jobs (
    job_id          TEXT PRIMARY KEY,
    status          TEXT NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'cancelled')),
    progress        INTEGER DEFAULT 0,
    total           INTEGER DEFAULT 0,
    completed       INTEGER DEFAULT 0,
    successful      INTEGER DEFAULT 0,
    errors          TEXT DEFAULT '[]',
    tickers_json    TEXT,
    created_at      TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    updated_at      TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    started_at      TIMESTAMPTZ,
    completed_at    TIMESTAMPTZ,
    strategy_id     INTEGER DEFAULT 1,
    kind            TEXT NOT NULL DEFAULT 'analysis'
                    CHECK (kind IN ('analysis', 'bulk_analysis', 'backtest', 'cleanup')),
    correlation_id  TEXT,
    attempt         INTEGER NOT NULL DEFAULT 0,
    max_attempts    INTEGER NOT NULL DEFAULT 3,
    lease_owner     TEXT,
    lease_until     TIMESTAMPTZ,
    cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
    ticker_timeout_seconds INTEGER NOT NULL DEFAULT 120,
    job_timeout_seconds    INTEGER NOT NULL DEFAULT 3600,
    config_json     TEXT,
    error           TEXT,
    priority        INTEGER NOT NULL DEFAULT 100,
    run_at          TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_job_status ON analysis_jobs (status);
CREATE INDEX idx_job_tickers ON analysis_jobs (tickers_json, status);
CREATE INDEX idx_jobs_strategy_id ON analysis_jobs (strategy_id);
-- Listing with a status filter and keyset pagination (created_at DESC, job_id DESC).
CREATE INDEX idx_jobs_status_created ON analysis_jobs (status, created_at DESC, job_id DESC);
CREATE INDEX idx_jobs_created ON analysis_jobs (created_at DESC, job_id DESC);
-- Claiming: queued jobs by priority then age.
CREATE INDEX idx_jobs_claim ON analysis_jobs (priority, created_at) WHERE status = 'queued';
-- Stale-lease rescue.
CREATE INDEX idx_jobs_lease ON analysis_jobs (lease_until) WHERE status = 'processing';
CREATE INDEX idx_jobs_correlation ON analysis_jobs (correlation_id);
CREATE INDEX idx_jobs_kind_created ON analysis_jobs (kind, created_at DESC);

-- updated_at follows every change of a job unless the UPDATE sets it itself.
CREATE FUNCTION thetool_touch_updated_at() RETURNS trigger AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER analysis_jobs_touch_updated_at BEFORE UPDATE ON analysis_jobs
    FOR EACH ROW EXECUTE FUNCTION thetool_touch_updated_at();

CREATE TABLE analysis_results (
    id                SERIAL PRIMARY KEY,
    ticker            TEXT NOT NULL,
    symbol            TEXT,
    name              TEXT,
    yahoo_symbol      TEXT,
    score             REAL NOT NULL,
    verdict           TEXT NOT NULL,
    entry             REAL,
    stop_loss         REAL,
    target            REAL,
    position_size     INTEGER DEFAULT 0,
    risk_reward_ratio REAL DEFAULT 0,
    analysis_config   TEXT,
    entry_method      TEXT,
    data_source       TEXT,
    is_demo_data      BOOLEAN DEFAULT FALSE,
    raw_data          TEXT,
    status            TEXT,
    error_message     TEXT,
    created_at        TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    updated_at        TIMESTAMPTZ,
    analysis_source   TEXT,
    job_id            TEXT REFERENCES analysis_jobs (job_id) ON DELETE SET NULL,
    started_at        TIMESTAMPTZ,
    completed_at      TIMESTAMPTZ,
    strategy_id       INTEGER DEFAULT 1
);

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
-- Fencing: a job stores each ticker once (inserts use ON CONFLICT DO NOTHING); it also
-- serves "results of job X".
CREATE UNIQUE INDEX idx_results_job_ticker ON analysis_results (job_id, ticker) WHERE job_id IS NOT NULL;

CREATE TABLE watchlist_collections (
    id          SERIAL PRIMARY KEY,
    name        TEXT UNIQUE NOT NULL,
    description TEXT,
    user_id     INTEGER DEFAULT 1,
    created_at  TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE watchlist (
    id               SERIAL PRIMARY KEY,
    ticker           TEXT NOT NULL,
    name             TEXT,
    user_id          INTEGER DEFAULT 1,
    collection_id    INTEGER REFERENCES watchlist_collections (id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    last_job_id      TEXT,
    last_analyzed_at TIMESTAMPTZ,
    last_status      TEXT,
    notes            TEXT
);

CREATE UNIQUE INDEX watchlist_ticker_collection_idx ON watchlist (LOWER(ticker), COALESCE(collection_id, -1));
CREATE INDEX idx_watchlist_collection ON watchlist (collection_id, created_at);

-- Job log lines; ids are the cursor for polling and the SSE event ids.
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

-- Daily OHLCV per symbol; a refresh replaces a symbol's window (splits rewrite history).
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

-- API keys: SHA-256 hashes only; `permissions` holds the scopes (read, analyze, admin).
CREATE TABLE api_keys (
    id           SERIAL PRIMARY KEY,
    key_hash     TEXT UNIQUE NOT NULL,
    name         TEXT NOT NULL,
    permissions  TEXT NOT NULL,
    created_at   TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    created_by   TEXT
);

CREATE INDEX idx_api_keys_revoked ON api_keys (revoked_at);

CREATE TABLE api_key_audit (
    id         SERIAL PRIMARY KEY,
    key_hash   TEXT NOT NULL REFERENCES api_keys (key_hash) ON DELETE CASCADE,
    action     TEXT NOT NULL,
    details    TEXT,
    created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_audit_action ON api_key_audit (action);
CREATE INDEX idx_api_key_audit_key ON api_key_audit (key_hash, created_at);

-- Every admin action (key create/revoke, cleanup, backup, restore, vacuum).
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

-- Worker heartbeats (dashboard, stale-lease rescue).
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
