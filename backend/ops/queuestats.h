#pragma once

#include <QJsonObject>
#include <QList>

#include <optional>

#include "backend/db/database.h"
#include "backend/repo/jobrepository.h"

namespace thetool::ops {

// The job queue as /health and /metrics show it: counts by kind and state from job_counts
// (kept by triggers, no count(*)), and the age of the oldest queued job (an index read).
struct QueueStats {
    QList<repo::JobCount> counts;
    qint64 queueDepth = 0; // queued jobs, all kinds
    std::optional<double> oldestQueuedAgeSeconds; // none queued: empty

    qint64 byState(const QString &state) const;
    // /health "jobs": each state's count (all kinds), by_kind, queue_depth,
    // oldest_queued_age_seconds (null when nothing waits).
    QJsonObject toHealthJson() const;
};

db::DbError readQueueStats(db::Database &database, QueueStats *out);

} // namespace thetool::ops
