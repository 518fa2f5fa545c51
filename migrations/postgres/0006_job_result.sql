-- Version 6: a job's result document, for jobs whose outcome is not rows of analysis_results
-- (asynchronous backtests). Additive only.
-- min-compatible: 1
ALTER TABLE analysis_jobs ADD COLUMN result_json TEXT;
