#include "backend/server/admindbroutes.h"

#include <QBuffer>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <mutex>

#include "backend/core/buildinfo.h"
#include "backend/db/database.h"
#include "backend/db/databaseexport.h"
#include "backend/db/databasestats.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "backend/db/sqlitefilebackup.h"
#include "backend/http/apierror.h"
#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/repo/auditrepository.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

// Uploads above the server's default body limit: a restore carries a whole database file
// (held in memory while it is validated, then written to a private file).
constexpr quint64 restoreBodyLimit = 512ull * 1024 * 1024;

// One backup, restore or vacuum at a time in this process.
std::mutex &maintenanceMutex()
{
    static std::mutex m;
    return m;
}

QString engineName(const db::Database &database)
{
    return database.dialect() == db::Dialect::Postgres ? QStringLiteral("postgresql")
                                                       : QStringLiteral("sqlite");
}

void audit(db::Database &database, const http::HttpRequest &request, const QString &action,
    const QJsonObject &details = {}, const QString &target = {})
{
    repo::AdminAuditEntry entry;
    entry.actor = request.principal == QLatin1String("master")
        ? QStringLiteral("master")
        : QStringLiteral("api_key:") + request.principal;
    entry.action = action;
    entry.target = target;
    entry.details = details.isEmpty()
        ? QString()
        : QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
    entry.requestId = request.requestId;
    entry.clientAddress = request.peerAddress;
    throwIfFailed(repo::AuditRepository(database).recordAdminAction(entry));
}

QString stamp()
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

QJsonObject migrationJson(const db::MigrationStatus &status)
{
    QJsonArray bundled;
    for (const db::Migration &m : status.bundled)
        bundled.append(
            QJsonObject {{QStringLiteral("version"), m.version}, {QStringLiteral("name"), m.name}});
    QJsonArray applied;
    for (const db::AppliedMigration &m : status.applied)
        applied.append(QJsonObject {{QStringLiteral("version"), m.version}, {QStringLiteral("name"), m.name},
            {QStringLiteral("applied_at"), m.appliedAt}});
    QJsonArray pending;
    for (int version : status.pending)
        pending.append(version);
    QJsonObject out {{QStringLiteral("bundled"), bundled}, {QStringLiteral("applied"), applied},
        {QStringLiteral("pending"), pending}, {QStringLiteral("bundled_latest"), status.bundledLatest},
        {QStringLiteral("applied_latest"), status.appliedLatest},
        {QStringLiteral("min_compatible"), status.schemaMinCompatible},
        {QStringLiteral("compatible"), status.problem.ok()}};
    if (!status.problem.ok())
        out.insert(QStringLiteral("problem"), status.problem.message);
    return out;
}

int activeJobs(db::Database &database)
{
    int count = 0;
    throwIfFailed(database.run(
        [&](QSqlDatabase &connection) -> db::DbError {
            QSqlQuery query(connection);
            if (db::DbError e = database.exec(query,
                    QStringLiteral(
                        "SELECT COUNT(*) FROM analysis_jobs WHERE status IN ('queued', 'processing')")))
                return e;
            count = query.next() ? query.value(0).toInt() : 0;
            return {};
        },
        db::Database::Retry::Idempotent));
    return count;
}

http::HttpResponse download(QByteArray body, const QByteArray &type, const QString &fileName)
{
    http::HttpResponse response = http::HttpResponse::text(body, 200, type);
    response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName.toLatin1() + '"');
    return response;
}

http::HttpResponse backup(const ServerContext &context, const http::HttpRequest &request)
{
    db::Database &database = context.database;
    const bool sqlite = database.dialect() == db::Dialect::Sqlite;
    const QString format = request.queryValue(
        QStringLiteral("format"), sqlite ? QStringLiteral("sqlite") : QStringLiteral("export"));
    if (format != QLatin1String("sqlite") && format != QLatin1String("export"))
        throw http::ApiError(
            400, QStringLiteral("VALIDATION_ERROR"), QStringLiteral("'format' must be 'sqlite' or 'export'"));
    if (format == QLatin1String("sqlite") && !sqlite)
        throw http::ApiError(400, QStringLiteral("VALIDATION_ERROR"),
            QStringLiteral("a SQLite file backup needs the SQLite engine; use format=export on PostgreSQL"));
    std::lock_guard lock(maintenanceMutex());
    QByteArray body;
    QString fileName;
    QByteArray type;
    if (format == QLatin1String("sqlite")) {
        // A private folder beside the database (same filesystem, owner-only).
        QTemporaryDir dir(context.config.dataPath + QStringLiteral("/backup-XXXXXX"));
        if (!dir.isValid())
            throw http::ApiError(
                500, QStringLiteral("BACKUP_FAILED"), QStringLiteral("cannot create a temporary folder"));
        const QString path = dir.filePath(QStringLiteral("backup.db"));
        throwIfFailed(db::SqliteFileBackup::backupTo(database, path));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            throw http::ApiError(
                500, QStringLiteral("BACKUP_FAILED"), QStringLiteral("cannot read the backup file"));
        body = file.readAll();
        fileName = QStringLiteral("thetool-%1.db").arg(stamp());
        type = "application/vnd.sqlite3";
    } else {
        QBuffer buffer(&body);
        buffer.open(QIODevice::WriteOnly);
        db::DatabaseExport::Summary summary;
        throwIfFailed(db::DatabaseExport::write(database, buffer, core::version(), &summary));
        fileName = QStringLiteral("thetool-%1.thetool-export.jsonl").arg(stamp());
        type = "application/x-ndjson";
    }
    audit(database, request, QStringLiteral("db.backup"),
        {{QStringLiteral("format"), format}, {QStringLiteral("bytes"), body.size()}}, fileName);
    http::HttpResponse response = download(std::move(body), type, fileName);
    return response;
}

http::HttpResponse restore(const ServerContext &context, const http::HttpRequest &request)
{
    db::Database &database = context.database;
    if (database.dialect() != db::Dialect::Sqlite)
        throw http::ApiError(409, QStringLiteral("RESTORE_NOT_SUPPORTED"),
            QStringLiteral(
                "restore works on SQLite only; on PostgreSQL import an export with `thetool db import` "
                "into a fresh database"));
    if (request.body.isEmpty())
        throw http::ApiError(400, QStringLiteral("VALIDATION_ERROR"),
            QStringLiteral("the request body must be a SQLite backup file"));
    if (!request.body.startsWith("SQLite format 3"))
        throw http::ApiError(
            422, QStringLiteral("INVALID_BACKUP"), QStringLiteral("the body is not a SQLite database file"));
    std::lock_guard lock(maintenanceMutex());
    if (const int active = activeJobs(database); active > 0)
        throw http::ApiError(409, QStringLiteral("JOBS_ACTIVE"),
            QStringLiteral(
                "%1 job(s) are queued or processing; restore when they have finished or been cancelled")
                .arg(active));
    QTemporaryDir dir(context.config.dataPath + QStringLiteral("/restore-XXXXXX"));
    if (!dir.isValid())
        throw http::ApiError(
            500, QStringLiteral("RESTORE_FAILED"), QStringLiteral("cannot create a temporary folder"));
    const QString upload = dir.filePath(QStringLiteral("upload.db"));
    {
        QFile file(upload);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)
            || file.write(request.body) != request.body.size())
            throw http::ApiError(
                500, QStringLiteral("RESTORE_FAILED"), QStringLiteral("cannot store the upload"));
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    int schemaVersion = 0;
    if (const QString problem = db::SqliteFileBackup::validate(upload, &schemaVersion); !problem.isEmpty())
        throw http::ApiError(
            422, QStringLiteral("INVALID_BACKUP"), QStringLiteral("the backup was refused: ") + problem);
    QString keep = database.options().sqliteFile() + QStringLiteral(".before-restore-") + stamp();
    for (int n = 2; QFile::exists(keep); ++n) // two restores within one second
        keep = database.options().sqliteFile() + QStringLiteral(".before-restore-%1-%2").arg(stamp()).arg(n);
    throwIfFailed(db::SqliteFileBackup::restoreFrom(database, upload, keep));
    const QJsonObject details {{QStringLiteral("bytes"), request.body.size()},
        {QStringLiteral("schema_version"), schemaVersion}, {QStringLiteral("previous_file"), keep}};
    audit(database, request, QStringLiteral("db.restore"), details);
    QJsonObject answer = details;
    answer.insert(QStringLiteral("restored"), true);
    answer.insert(QStringLiteral("message"),
        QStringLiteral("Database restored; the previous content is kept in previous_file"));
    return http::HttpResponse::json(answer);
}

http::HttpResponse vacuum(const ServerContext &context, const http::HttpRequest &request)
{
    db::Database &database = context.database;
    std::lock_guard lock(maintenanceMutex());
    qint64 before = 0;
    qint64 after = 0;
    throwIfFailed(db::DatabaseStats::sizeBytes(database, &before));
    QElapsedTimer timer;
    timer.start();
    throwIfFailed(database.run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        return database.exec(query,
            database.dialect() == db::Dialect::Postgres ? QStringLiteral("VACUUM (ANALYZE)")
                                                        : QStringLiteral("VACUUM"),
            db::Database::Deadline::None);
    }));
    const qint64 ms = timer.elapsed();
    throwIfFailed(db::DatabaseStats::sizeBytes(database, &after));
    const QJsonObject answer {{QStringLiteral("engine"), engineName(database)},
        {QStringLiteral("size_bytes_before"), before}, {QStringLiteral("size_bytes_after"), after},
        {QStringLiteral("duration_ms"), ms}};
    audit(database, request, QStringLiteral("db.vacuum"), answer);
    return http::HttpResponse::json(answer);
}

http::HttpResponse auditPage(const ServerContext &context, const http::HttpRequest &request)
{
    bool ok = true;
    const int limit = request.queryValue(QStringLiteral("limit"), QStringLiteral("50")).toInt(&ok);
    if (!ok || limit < 1 || limit > 500)
        throw http::ApiError(
            400, QStringLiteral("VALIDATION_ERROR"), QStringLiteral("'limit' must be 1-500"));
    const qint64 before = request.queryValue(QStringLiteral("before"), QStringLiteral("0")).toLongLong(&ok);
    if (!ok || before < 0)
        throw http::ApiError(400, QStringLiteral("VALIDATION_ERROR"),
            QStringLiteral("'before' must be an entry id (a non-negative integer)"));
    const QString action = request.queryValue(QStringLiteral("action"));
    if (action.size() > 100)
        throw http::ApiError(400, QStringLiteral("VALIDATION_ERROR"), QStringLiteral("'action' is too long"));
    QList<repo::AdminAuditEntry> entries;
    // One more than asked tells whether another page follows.
    throwIfFailed(
        repo::AuditRepository(context.database).listAdminActionsBefore(before, action, limit + 1, &entries));
    const bool more = entries.size() > limit;
    if (more)
        entries.removeLast();
    QJsonArray items;
    for (const repo::AdminAuditEntry &e : std::as_const(entries)) {
        const QJsonDocument details = QJsonDocument::fromJson(e.details.toUtf8());
        items.append(QJsonObject {{QStringLiteral("id"), e.id}, {QStringLiteral("created_at"), e.createdAt},
            {QStringLiteral("actor"), e.actor}, {QStringLiteral("action"), e.action},
            {QStringLiteral("target"), e.target.isNull() ? QJsonValue() : QJsonValue(e.target)},
            {QStringLiteral("details"),
                details.isObject() ? QJsonValue(details.object())
                                   : (e.details.isNull() ? QJsonValue() : QJsonValue(e.details))},
            {QStringLiteral("request_id"), e.requestId},
            {QStringLiteral("client_address"), e.clientAddress}});
    }
    audit(
        context.database, request, QStringLiteral("audit.read"), {{QStringLiteral("entries"), items.size()}});
    return http::HttpResponse::json(
        QJsonObject {{QStringLiteral("entries"), items}, {QStringLiteral("count"), items.size()},
            {QStringLiteral("next_before"), more ? QJsonValue(entries.last().id) : QJsonValue()}});
}

} // namespace

void addAdminDbRoutes(http::Router &router, const ServerContext &context)
{
    const ServerContext *c = &context;
    const http::Access admin = http::Access::needs(http::Scope::Admin);

    router.add(
        "GET", QStringLiteral("/api/admin/db/status"),
        [c](const http::HttpRequest &request) {
            db::Database &database = c->database;
            db::MigrationStatus status;
            throwIfFailed(
                db::MigrationRunner(database, db::Migration::bundled(database.dialect())).status(&status));
            QString version;
            throwIfFailed(db::DatabaseStats::serverVersion(database, &version));
            qint64 size = 0;
            throwIfFailed(db::DatabaseStats::sizeBytes(database, &size));
            const QJsonObject answer {{QStringLiteral("engine"), engineName(database)},
                {QStringLiteral("server_version"), version},
                {QStringLiteral("database"), database.describe()}, {QStringLiteral("size_bytes"), size},
                {QStringLiteral("thetool_version"), core::versionWithRevision()},
                {QStringLiteral("migrations"), migrationJson(status)},
                {QStringLiteral("restore_supported"), database.dialect() == db::Dialect::Sqlite}};
            audit(database, request, QStringLiteral("db.status"));
            return http::HttpResponse::json(answer);
        },
        admin);

    router.add(
        "GET", QStringLiteral("/api/admin/db/tables"),
        [c](const http::HttpRequest &request) {
            QList<db::TableStats> tables;
            throwIfFailed(db::DatabaseStats::tables(c->database, &tables));
            QJsonArray items;
            for (const db::TableStats &t : std::as_const(tables))
                items.append(QJsonObject {{QStringLiteral("name"), t.name}, {QStringLiteral("rows"), t.rows},
                    {QStringLiteral("estimated"), t.estimated},
                    {QStringLiteral("size_bytes"), t.bytes < 0 ? QJsonValue() : QJsonValue(t.bytes)}});
            audit(c->database, request, QStringLiteral("db.tables"));
            return http::HttpResponse::json(QJsonObject {{QStringLiteral("engine"), engineName(c->database)},
                {QStringLiteral("tables"), items},
                {QStringLiteral("estimate_threshold"), db::DatabaseStats::exactCountLimit}});
        },
        admin);

    router.add(
        "POST", QStringLiteral("/api/admin/db/backup"),
        [c](const http::HttpRequest &request) { return backup(*c, request); }, admin);
    router.add(
        "POST", QStringLiteral("/api/admin/db/restore"),
        [c](const http::HttpRequest &request) { return restore(*c, request); }, admin, restoreBodyLimit);
    router.add(
        "POST", QStringLiteral("/api/admin/db/vacuum"),
        [c](const http::HttpRequest &request) { return vacuum(*c, request); }, admin);
    router.add(
        "GET", QStringLiteral("/api/admin/audit"),
        [c](const http::HttpRequest &request) { return auditPage(*c, request); }, admin);
}

} // namespace thetool::server
