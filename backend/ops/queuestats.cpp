#include "backend/ops/queuestats.h"

#include <QSqlQuery>

#include <cmath>

#include "backend/repo/sqlsupport.h"

namespace thetool::ops {

qint64 QueueStats::byState(const QString &state) const
{
    qint64 n = 0;
    for (const repo::JobCount &c : counts) {
        if (c.status == state)
            n += c.count;
    }
    return n;
}

QJsonObject QueueStats::toHealthJson() const
{
    QJsonObject out;
    QJsonObject byKind;
    for (const char *state : {"queued", "processing", "completed", "failed", "cancelled"})
        out.insert(QString::fromLatin1(state), byState(QString::fromLatin1(state)));
    for (const repo::JobCount &c : counts) {
        QJsonObject kind = byKind.value(c.kind).toObject();
        kind.insert(c.status, c.count);
        byKind.insert(c.kind, kind);
    }
    out.insert(QStringLiteral("by_kind"), byKind);
    out.insert(QStringLiteral("queue_depth"), queueDepth);
    out.insert(QStringLiteral("oldest_queued_age_seconds"),
        oldestQueuedAgeSeconds ? QJsonValue(std::round(*oldestQueuedAgeSeconds * 10) / 10) : QJsonValue());
    return out;
}

db::DbError readQueueStats(db::Database &database, QueueStats *out)
{
    *out = QueueStats {};
    if (db::DbError e = repo::JobRepository(database).counts(&out->counts))
        return e;
    out->queueDepth = out->byState(QStringLiteral("queued"));
    // The database's clock on both sides, so a skewed server clock does not age jobs.
    const QString sql = database.dialect() == db::Dialect::Postgres
        ? QStringLiteral("SELECT EXTRACT(EPOCH FROM (now() - MIN(created_at))) FROM analysis_jobs "
                         "WHERE status = 'queued'")
        : QStringLiteral(
            "SELECT (julianday('now') - julianday(MIN(created_at))) * 86400.0 FROM analysis_jobs "
            "WHERE status = 'queued'");
    return repo::runBound(
        database, sql, {},
        [out](const QSqlQuery &row) {
            if (!row.value(0).isNull())
                out->oldestQueuedAgeSeconds = std::max(0.0, row.value(0).toDouble());
        },
        db::Database::Retry::Idempotent);
}

} // namespace thetool::ops
