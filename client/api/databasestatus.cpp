#include "client/api/databasestatus.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<DatabaseStatus> DatabaseStatus::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("database status"));
    DatabaseStatus s;
    s.engine = r.requiredString(QStringLiteral("engine"));
    s.serverVersion = r.string(QStringLiteral("server_version"));
    s.database = r.string(QStringLiteral("database"));
    s.sizeBytes = r.requiredInteger(QStringLiteral("size_bytes"));
    s.thetoolVersion = r.string(QStringLiteral("thetool_version"));
    s.restoreSupported = r.boolean(QStringLiteral("restore_supported"));
    s.migrations = r.object(QStringLiteral("migrations"));
    if (!object.value(QStringLiteral("migrations")).isObject())
        r.fail(QStringLiteral("missing object field 'migrations'"));
    JsonReader m(s.migrations);
    s.bundledLatest = int(m.integer(QStringLiteral("bundled_latest")));
    s.appliedLatest = int(m.integer(QStringLiteral("applied_latest")));
    s.minCompatible = int(m.integer(QStringLiteral("min_compatible")));
    s.compatible = m.boolean(QStringLiteral("compatible"));
    s.problem = m.string(QStringLiteral("problem"));
    for (const QJsonValue &v : m.array(QStringLiteral("pending")))
        s.pending.append(v.toInt());
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return s;
}

std::optional<DatabaseTables> DatabaseTables::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("database tables"));
    DatabaseTables t;
    t.engine = r.requiredString(QStringLiteral("engine"));
    t.estimateThreshold = r.integer(QStringLiteral("estimate_threshold"));
    for (const QJsonValue &v : r.requiredArray(QStringLiteral("tables"))) {
        JsonReader s(v.toObject(), QStringLiteral("table"));
        TableStat stat;
        stat.name = s.requiredString(QStringLiteral("name"));
        stat.rows = s.requiredInteger(QStringLiteral("rows"));
        stat.estimated = s.boolean(QStringLiteral("estimated"));
        if (s.has(QStringLiteral("size_bytes")))
            stat.sizeBytes = s.integer(QStringLiteral("size_bytes"));
        if (!s.ok()) {
            r.fail(s.error());
            break;
        }
        t.tables.append(stat);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return t;
}

} // namespace thetool::client
