#pragma once

#include <QJsonObject>
#include <QList>

#include <optional>

namespace thetool::client {

// GET /api/admin/db/status: engine, size and the migration state.
struct DatabaseStatus {
    QString engine; // sqlite, postgresql
    QString serverVersion; // of the database engine
    QString database; // the SQLite file or the redacted URL
    qint64 sizeBytes = 0;
    QString thetoolVersion;
    bool restoreSupported = false;
    int bundledLatest = 0;
    int appliedLatest = 0;
    int minCompatible = 0;
    bool compatible = false;
    QList<int> pending;
    QString problem;
    QJsonObject migrations; // the whole object (bundled and applied lists)

    static std::optional<DatabaseStatus> fromJson(const QJsonObject &object, QString *error = nullptr);
};

// One table of GET /api/admin/db/tables.
struct TableStat {
    QString name;
    qint64 rows = 0;
    bool estimated = false; // a PostgreSQL planner estimate above estimateThreshold
    std::optional<qint64> sizeBytes;
};

struct DatabaseTables {
    QString engine;
    qint64 estimateThreshold = 0;
    QList<TableStat> tables;

    static std::optional<DatabaseTables> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
