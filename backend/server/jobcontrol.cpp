#include "backend/server/jobcontrol.h"

#include "backend/jobs/jobservice.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

http::ApiError jobNotFound(const QString &jobId)
{
    return http::ApiError(
        404, QStringLiteral("JOB_NOT_FOUND"), QStringLiteral("Job %1 not found").arg(jobId));
}

repo::JobRow enqueueJob(const ServerContext &context, const jobs::NewJob &job)
{
    repo::JobRow created;
    throwIfFailed(jobs::JobQueue(context.database).enqueue(job, &created));
    if (context.jobs)
        context.jobs->wake();
    return created;
}

QString cancelJob(const ServerContext &context, const QString &jobId, int refusedStatus)
{
    bool found = false;
    QString previous;
    throwIfFailed(jobs::JobQueue(context.database).cancel(jobId, &found, &previous));
    if (!found)
        throw jobNotFound(jobId);
    if (previous != QLatin1String("queued") && previous != QLatin1String("processing"))
        throw http::ApiError(refusedStatus, QStringLiteral("JOB_CANCEL_INVALID"),
            QStringLiteral("Cannot cancel job in %1 state").arg(previous),
            {{QStringLiteral("current_status"), previous}});
    if (context.jobs)
        context.jobs->noteCancelled(jobId);
    return previous;
}

} // namespace thetool::server
