#include "client/api/workerlist.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<WorkerList> WorkerList::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("workers"));
    WorkerList list;
    list.count = int(r.requiredInteger(QStringLiteral("count")));
    list.instance = r.requiredString(QStringLiteral("instance"));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("workers"))) {
        JsonReader w(v.toObject(), QStringLiteral("worker"));
        WorkerInfo info;
        info.workerId = w.requiredString(QStringLiteral("worker_id"));
        info.instance = w.string(QStringLiteral("instance"));
        info.hostname = w.string(QStringLiteral("hostname"));
        info.pid = w.integer(QStringLiteral("pid"));
        info.version = w.string(QStringLiteral("version"));
        info.status = w.string(QStringLiteral("status"));
        info.currentJobId = w.string(QStringLiteral("current_job_id"));
        info.startedAt = w.time(QStringLiteral("started_at"));
        info.heartbeatAt = w.time(QStringLiteral("heartbeat_at"));
        info.heartbeatAgeSeconds = w.optionalNumber(QStringLiteral("heartbeat_age_seconds"));
        info.alive = w.boolean(QStringLiteral("alive"));
        if (!w.ok()) {
            r.fail(w.error());
            break;
        }
        list.workers.append(info);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return list;
}

} // namespace thetool::client
