#pragma once

#include <QString>

#include "backend/http/apierror.h"
#include "backend/jobs/jobqueue.h"

namespace thetool::server {

struct ServerContext;

// What every job-creating and job-cancelling route shares.
http::ApiError jobNotFound(const QString &jobId);
// Queues `job` and wakes this instance's idle workers; a database error is thrown as an ApiError.
repo::JobRow enqueueJob(const ServerContext &context, const jobs::NewJob &job);
// Cancels a queued or processing job and tells this instance's worker at once. Throws 404 for
// an unknown job and `refusedStatus` (the original route's 400, ours 409) for a finished one;
// returns the status it had.
QString cancelJob(const ServerContext &context, const QString &jobId, int refusedStatus);

} // namespace thetool::server
