-- Version 5: per kind and state job counts kept by triggers, so /api/jobs, /health and
-- /metrics never count(*) a table that may hold millions of jobs.
-- min-compatible: 1
CREATE TABLE job_counts (
    kind   TEXT NOT NULL,
    status TEXT NOT NULL,
    n      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, status)
);

INSERT INTO job_counts (kind, status, n)
SELECT k.kind, s.status, (SELECT count(*) FROM analysis_jobs j WHERE j.kind = k.kind AND j.status = s.status)
FROM (VALUES ('analysis'), ('bulk_analysis'), ('backtest'), ('cleanup')) AS k (kind)
CROSS JOIN (VALUES ('queued'), ('processing'), ('completed'), ('failed'), ('cancelled')) AS s (status);

CREATE FUNCTION thetool_count_jobs() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE job_counts SET n = n - 1 WHERE kind = OLD.kind AND status = OLD.status;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE job_counts SET n = n + 1 WHERE kind = NEW.kind AND status = NEW.status;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER analysis_jobs_count_insert AFTER INSERT ON analysis_jobs
    FOR EACH ROW EXECUTE FUNCTION thetool_count_jobs();
CREATE TRIGGER analysis_jobs_count_delete AFTER DELETE ON analysis_jobs
    FOR EACH ROW EXECUTE FUNCTION thetool_count_jobs();
-- Only a change of state moves a count; progress updates do not touch job_counts.
CREATE TRIGGER analysis_jobs_count_update AFTER UPDATE OF status, kind ON analysis_jobs
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.kind IS DISTINCT FROM NEW.kind)
    EXECUTE FUNCTION thetool_count_jobs();
