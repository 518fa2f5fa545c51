-- Version 4: job_events, the durable event log behind GET /api/events (SSE) and its polling
-- twin. Event ids are the stream's ids, so a client resumes with Last-Event-ID on any instance.
-- job_id has no foreign key: events are appended by workers and pruned by cleanup on their
-- own schedule, and an event must never block (or be cascaded away by) a job's deletion.
-- min-compatible: 1
CREATE TABLE job_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    job_id     TEXT,
    type       TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}'
);

CREATE INDEX idx_job_events_job ON job_events (job_id, id);
CREATE INDEX idx_job_events_created ON job_events (created_at);
