-- Version 5: per kind and state job counts kept by triggers, so /api/jobs, /health and
-- /metrics never count(*) a table that may hold millions of jobs.
-- min-compatible: 1
CREATE TABLE job_counts (
    kind   TEXT NOT NULL,
    status TEXT NOT NULL,
    n      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, status)
);

INSERT INTO job_counts (kind, status, n)
SELECT k.kind, s.status, (SELECT count(*) FROM analysis_jobs j WHERE j.kind = k.kind AND j.status = s.status)
FROM (SELECT 'analysis' AS kind UNION ALL SELECT 'bulk_analysis' UNION ALL SELECT 'backtest'
      UNION ALL SELECT 'cleanup') AS k
CROSS JOIN (SELECT 'queued' AS status UNION ALL SELECT 'processing' UNION ALL SELECT 'completed'
      UNION ALL SELECT 'failed' UNION ALL SELECT 'cancelled') AS s;

CREATE TRIGGER analysis_jobs_count_insert AFTER INSERT ON analysis_jobs
BEGIN
    UPDATE job_counts SET n = n + 1 WHERE kind = NEW.kind AND status = NEW.status;
END;

CREATE TRIGGER analysis_jobs_count_delete AFTER DELETE ON analysis_jobs
BEGIN
    UPDATE job_counts SET n = n - 1 WHERE kind = OLD.kind AND status = OLD.status;
END;

-- Only a change of state moves a count; progress updates do not touch job_counts.
CREATE TRIGGER analysis_jobs_count_update AFTER UPDATE OF status, kind ON analysis_jobs
WHEN OLD.status IS NOT NEW.status OR OLD.kind IS NOT NEW.kind
BEGIN
    UPDATE job_counts SET n = n - 1 WHERE kind = OLD.kind AND status = OLD.status;
    UPDATE job_counts SET n = n + 1 WHERE kind = NEW.kind AND status = NEW.status;
END;
