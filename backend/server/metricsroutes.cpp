#include "backend/server/metricsroutes.h"

#include "backend/core/buildinfo.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/log/logger.h"
#include "backend/ops/metrics.h"
#include "backend/ops/prometheustext.h"
#include "backend/ops/queuestats.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

// The shared queue: without the database these families are left out and
// thetool_database_up says why.
void renderQueue(const ServerContext &context, ops::PrometheusText &out)
{
    ops::QueueStats stats;
    const db::DbError error = ops::readQueueStats(context.database, &stats);
    out.family(QStringLiteral("thetool_database_up"), QStringLiteral("gauge"),
        QStringLiteral("1 when the database answered this scrape's queries"));
    out.sample(QStringLiteral("thetool_database_up"), {}, error ? 0 : 1);
    if (error)
        return;
    out.family(QStringLiteral("thetool_jobs"), QStringLiteral("gauge"),
        QStringLiteral("Jobs in the database by kind and state (all instances)"));
    for (const repo::JobCount &c : std::as_const(stats.counts))
        out.sample(QStringLiteral("thetool_jobs"),
            {{QStringLiteral("kind"), c.kind}, {QStringLiteral("state"), c.status}},
            static_cast<double>(c.count));
    out.family(QStringLiteral("thetool_queue_depth"), QStringLiteral("gauge"),
        QStringLiteral("Queued jobs waiting for a worker (all instances)"));
    out.sample(QStringLiteral("thetool_queue_depth"), {}, static_cast<double>(stats.queueDepth));
    out.family(QStringLiteral("thetool_oldest_queued_job_age_seconds"), QStringLiteral("gauge"),
        QStringLiteral("Age of the oldest queued job, 0 when none waits"));
    out.sample(QStringLiteral("thetool_oldest_queued_job_age_seconds"), {},
        stats.oldestQueuedAgeSeconds.value_or(0));
}

http::HttpResponse scrape(const ServerContext &context, const ops::Metrics &metrics)
{
    ops::PrometheusText out;
    out.family(QStringLiteral("thetool_build_info"), QStringLiteral("gauge"),
        QStringLiteral("This instance's version and id (always 1)"));
    out.sample(QStringLiteral("thetool_build_info"),
        {{QStringLiteral("version"), core::versionWithRevision()},
            {QStringLiteral("instance"), context.instance}},
        1);
    metrics.render(out);
    out.family(QStringLiteral("thetool_log_dropped_lines_total"), QStringLiteral("counter"),
        QStringLiteral("Log lines dropped because the log queue was full"));
    out.sample(QStringLiteral("thetool_log_dropped_lines_total"), {},
        static_cast<double>(context.logger.droppedCount()));
    renderQueue(context, out);
    return http::HttpResponse::text(out.text(), 200, ops::PrometheusText::contentType());
}

} // namespace

void addMetricsRoutes(http::Router &router, const ServerContext &context, const ops::Metrics &metrics)
{
    const ServerContext *c = &context;
    const ops::Metrics *m = &metrics;
    router.add(
        "GET", QStringLiteral("/metrics"), [c, m](const http::HttpRequest &) { return scrape(*c, *m); },
        context.config.metricsPublic ? http::Access::open() : http::Access::needs(http::Scope::Admin));
}

} // namespace thetool::server
