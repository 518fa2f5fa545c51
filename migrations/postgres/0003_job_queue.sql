-- Version 3: what the durable job queue needs beside the version 1 columns (DESIGN.md "Jobs").
-- Additive only, so version 2 binaries still run on it (rolling deploys, rollback).
-- min-compatible: 1
-- The ticker a worker is on, for GET /api/analysis/status (spec §2.2 FIX).
ALTER TABLE analysis_jobs ADD COLUMN current_ticker TEXT;
-- The worker's last renewal; the lease expiry alone does not say how long ago it was alive.
ALTER TABLE analysis_jobs ADD COLUMN heartbeat_at TIMESTAMPTZ;
-- A retried job points at the job it repeats.
ALTER TABLE analysis_jobs ADD COLUMN retry_of TEXT;
-- The attempt that stored a result (crash resume is visible: earlier attempts keep theirs).
ALTER TABLE analysis_results ADD COLUMN attempt INTEGER;
-- Duplicate detection: active jobs with the same tickers and strategy.
CREATE INDEX idx_jobs_active_tickers ON analysis_jobs (tickers_json, strategy_id, created_at)
    WHERE status IN ('queued', 'processing');
