#include "backend/server/cleanuproutes.h"

#include "backend/http/apierror.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/ops/cleanup.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/routesupport.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

ops::CleanupPolicy policyOf(const config::Config &c)
{
    ops::CleanupPolicy policy;
    policy.cleanupDays = c.cleanupDays;
    policy.resultsRetentionDays = c.resultsRetentionDays;
    policy.priceBarsRetentionDays = c.priceBarsRetentionDays;
    return policy;
}

http::HttpResponse cleanup(const ServerContext &context, const http::HttpRequest &request)
{
    const QJsonObject body = bodyObject(request);
    const QJsonValue dryRun = body.value(QStringLiteral("dry_run"));
    if (!dryRun.isUndefined() && !dryRun.isNull() && !dryRun.isBool())
        throw http::ApiError(
            400, QStringLiteral("VALIDATION_ERROR"), QStringLiteral("'dry_run' must be true or false"));
    ops::Cleanup cleanup(context.database, policyOf(context.config));
    ops::CleanupReport report;
    if (dryRun.toBool(false)) {
        throwIfFailed(cleanup.preview(&report));
    } else {
        bool acquired = false;
        throwIfFailed(cleanup.tryLock(&acquired));
        if (!acquired)
            throw http::ApiError(409, QStringLiteral("CLEANUP_RUNNING"),
                QStringLiteral("another cleanup is running (the scheduler or another instance); try again "
                               "in a moment"));
        const db::DbError e = cleanup.run(&report);
        cleanup.unlock();
        throwIfFailed(e);
    }
    const QString actor = request.principal == QLatin1String("master")
        ? QStringLiteral("master")
        : QStringLiteral("api_key:") + request.principal;
    throwIfFailed(
        ops::recordCleanupAudit(context.database, report, actor, request.requestId, request.peerAddress));
    return http::HttpResponse::json(report.toJson());
}

} // namespace

void addCleanupRoutes(http::Router &router, const ServerContext &context)
{
    const ServerContext *c = &context;
    router.add(
        "POST", QStringLiteral("/api/admin/db/cleanup"),
        [c](const http::HttpRequest &request) { return cleanup(*c, request); },
        http::Access::needs(http::Scope::Admin));
}

} // namespace thetool::server
