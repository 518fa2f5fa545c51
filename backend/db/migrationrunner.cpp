#include "backend/db/migrationrunner.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <utility>

#include "backend/db/database.h"
#include "backend/db/dblog.h"
#include "backend/db/sqlsplitter.h"
#include "backend/db/v8adoption.h"

namespace thetool::db {

namespace {

using Deadline = Database::Deadline;

DbError migrationError(const DbError &cause, const QString &message)
{
    // A lost connection or timeout stays what it is (the caller may retry later);
    // anything else is a failed migration.
    const DbError::Kind kind = cause.isTransient() ? cause.kind : DbError::Kind::Migration;
    return DbError::make(kind, message, cause.sqlState);
}

} // namespace

MigrationRunner::MigrationRunner(Database &database, QList<Migration> migrations)
    : m_database(database)
    , m_migrations(std::move(migrations))
{ }

qint64 MigrationRunner::advisoryLockKey()
{
    // Arbitrary but fixed: "TheTool migrations" for every instance on one database.
    return Q_INT64_C(0x746865746f6f6c01); // "thetool\x01"
}

DbError MigrationRunner::ensureTable(QSqlDatabase &db)
{
    QSqlQuery query(db);
    const QString sql = m_database.dialect() == Dialect::Postgres
        ? QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                         "applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
                         "min_compatible INTEGER NOT NULL DEFAULT 1)")
        : QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                         "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), "
                         "min_compatible INTEGER NOT NULL DEFAULT 1)");
    return m_database.exec(query, sql, Deadline::None);
}

DbError MigrationRunner::readApplied(QSqlDatabase &db, QList<AppliedMigration> *out)
{
    out->clear();
    QSqlQuery query(db);
    const bool pg = m_database.dialect() == Dialect::Postgres;
    const QString exists = pg ? QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL")
                              : QStringLiteral("SELECT count(*) > 0 FROM sqlite_master "
                                               "WHERE type = 'table' AND name = 'schema_migrations'");
    if (DbError error = m_database.exec(query, exists, Deadline::None))
        return error;
    if (!query.next() || !query.value(0).toBool())
        return {};
    const QString select = pg
        ? QStringLiteral("SELECT version, name, checksum, "
                         "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                         "min_compatible FROM schema_migrations ORDER BY version")
        : QStringLiteral("SELECT version, name, checksum, applied_at, min_compatible "
                         "FROM schema_migrations ORDER BY version");
    if (DbError error = m_database.exec(query, select, Deadline::None))
        return error;
    while (query.next()) {
        out->append(AppliedMigration {query.value(0).toInt(), query.value(1).toString(),
            query.value(2).toString(), query.value(3).toString(), query.value(4).toInt()});
    }
    return {};
}

DbError MigrationRunner::isApplied(QSqlDatabase &db, int version, bool *applied)
{
    QSqlQuery query(db);
    if (DbError error = m_database.prepare(query,
            QStringLiteral("SELECT count(*) FROM schema_migrations WHERE version = ?"), Deadline::None))
        return error;
    query.addBindValue(version);
    if (DbError error = m_database.exec(query, Deadline::None))
        return error;
    *applied = query.next() && query.value(0).toInt() > 0;
    query.finish();
    return {};
}

MigrationStatus MigrationRunner::compare(const QList<AppliedMigration> &applied) const
{
    MigrationStatus status;
    status.bundled = m_migrations;
    status.applied = applied;
    status.bundledLatest = m_migrations.isEmpty() ? 0 : m_migrations.last().version;
    for (const AppliedMigration &a : applied) {
        if (a.version >= status.appliedLatest) {
            status.appliedLatest = a.version;
            status.schemaMinCompatible = a.minCompatible;
        }
    }
    auto problem = [&status](const QString &message) {
        if (status.problem.ok())
            status.problem = DbError::make(DbError::Kind::Migration, message);
    };
    for (const AppliedMigration &a : applied) {
        if (a.version > status.bundledLatest)
            continue;
        const auto it = std::find_if(m_migrations.cbegin(), m_migrations.cend(),
            [&a](const Migration &m) { return m.version == a.version; });
        if (it == m_migrations.cend()) {
            problem(QStringLiteral("the database has migration %1 (%2), which this binary does not bundle")
                        .arg(a.version)
                        .arg(a.name));
        } else if (it->checksum != a.checksum) {
            problem(
                QStringLiteral("migration %1 was changed after it was applied (recorded checksum %2, "
                               "bundled %3): restore the original file and put the change in a new migration")
                    .arg(it->label(), a.checksum.left(12), it->checksum.left(12)));
        }
    }
    for (const Migration &m : m_migrations) {
        const bool done = std::any_of(applied.cbegin(), applied.cend(),
            [&m](const AppliedMigration &a) { return a.version == m.version; });
        if (!done)
            status.pending.append(m.version);
    }
    if (status.appliedLatest > status.bundledLatest) {
        if (status.schemaMinCompatible > status.bundledLatest) {
            problem(
                QStringLiteral("the database schema is at version %1 and needs a TheTool that knows schema "
                               "version %2 or newer; this binary knows up to %3: upgrade TheTool")
                    .arg(status.appliedLatest)
                    .arg(status.schemaMinCompatible)
                    .arg(status.bundledLatest));
        } else if (!status.pending.isEmpty()) {
            problem(QStringLiteral("the database schema (version %1) is newer than this binary but lacks its "
                                   "migration %2")
                        .arg(status.appliedLatest)
                        .arg(status.pending.first()));
        }
    }
    return status;
}

DbError MigrationRunner::applyOne(QSqlDatabase &db, const Migration &m)
{
    QString splitError;
    const QStringList statements = SqlSplitter::split(m.sql, &splitError);
    if (!splitError.isEmpty())
        return DbError::make(DbError::Kind::Migration, m.fileName + QStringLiteral(": ") + splitError);
    const bool sqlite = m_database.dialect() == Dialect::Sqlite;
    QSqlQuery control(db);
    auto rollback = [&] {
        if (m.transactional)
            m_database.exec(control, QStringLiteral("ROLLBACK"), Deadline::None);
    };
    if (m.transactional) {
        if (DbError error = m_database.exec(control,
                sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"), Deadline::None))
            return migrationError(
                error, m.label() + QStringLiteral(": cannot start a transaction: ") + error.message);
        // On SQLite the write lock is ours only now: another process may have applied it.
        bool applied = false;
        if (DbError error = isApplied(db, m.version, &applied)) {
            rollback();
            return error;
        }
        if (applied) {
            rollback();
            return {};
        }
    }
    for (qsizetype i = 0; i < statements.size(); ++i) {
        QSqlQuery query(db);
        if (DbError error = m_database.exec(query, statements.at(i), Deadline::None)) {
            query.finish();
            rollback();
            return migrationError(error,
                QStringLiteral("migration %1 failed at statement %2 of %3%4: %5")
                    .arg(m.label())
                    .arg(i + 1)
                    .arg(statements.size())
                    .arg(m.transactional ? QString()
                                         : QStringLiteral(" (no transaction: "
                                                          "earlier statements stay applied)"))
                    .arg(error.message));
        }
    }
    if (DbError error = record(db, m)) {
        rollback();
        return error;
    }
    if (m.transactional) {
        if (DbError error = m_database.exec(control, QStringLiteral("COMMIT"), Deadline::None))
            return migrationError(error, m.label() + QStringLiteral(": commit failed: ") + error.message);
    }
    return {};
}

DbError MigrationRunner::record(QSqlDatabase &db, const Migration &m)
{
    QSqlQuery record(db);
    if (DbError error = m_database.prepare(record,
            QStringLiteral("INSERT INTO schema_migrations (version, name, checksum, "
                           "min_compatible) VALUES (?, ?, ?, ?)"),
            Deadline::None))
        return migrationError(error, m.label() + QStringLiteral(": cannot record it: ") + error.message);
    record.addBindValue(m.version);
    record.addBindValue(m.name);
    record.addBindValue(m.checksum);
    record.addBindValue(m.minCompatible);
    if (DbError error = m_database.exec(record, Deadline::None))
        return migrationError(error, m.label() + QStringLiteral(": cannot record it: ") + error.message);
    return {};
}

DbError MigrationRunner::adoptV8IfFound(QSqlDatabase &db)
{
    V8Adoption adoption(m_database);
    bool isV8 = false;
    int dbVersion = 0;
    if (DbError error = adoption.detect(db, &isV8, &dbVersion))
        return error;
    if (!isV8)
        return {};
    const auto initial = std::find_if(
        m_migrations.cbegin(), m_migrations.cend(), [](const Migration &m) { return m.version == 1; });
    if (initial == m_migrations.cend())
        return DbError::make(DbError::Kind::Migration,
            QStringLiteral(
                "found a TheTool v8 database, but migration 0001 is not bundled to adopt it into"));
    qCInfo(lcDb).noquote()
        << QStringLiteral("found a TheTool v8 database (db_version %1): adopting it in place").arg(dbVersion);
    if (DbError error = adoption.check(db))
        return error;
    if (DbError error = adoption.backup())
        return error;

    // One transaction: the script, schema_migrations and the record of 0001. Any failure
    // rolls all of it back (PostgreSQL DDL is transactional).
    QSqlQuery control(db);
    if (DbError error = m_database.exec(control, QStringLiteral("BEGIN"), Deadline::None))
        return migrationError(
            error, QStringLiteral("adopting the v8 database: cannot start a transaction: ") + error.message);
    DbError result = adoption.apply(db);
    if (result.ok()) {
        if (DbError error = ensureTable(db))
            result =
                migrationError(error, QStringLiteral("cannot create schema_migrations: ") + error.message);
    }
    if (result.ok())
        result = record(db, *initial);
    if (result) {
        m_database.exec(control, QStringLiteral("ROLLBACK"), Deadline::None);
        result.message += QStringLiteral("; ") + V8Adoption::unchangedNote();
        return result;
    }
    if (DbError error = m_database.exec(control, QStringLiteral("COMMIT"), Deadline::None))
        return migrationError(
            error, QStringLiteral("adopting the v8 database: commit failed: ") + error.message);
    qCInfo(lcDb).noquote() << QStringLiteral(
        "adopted the TheTool v8 database as schema version 1; jobs left queued or processing are "
        "failed ('orphaned by previous backend')");
    return {};
}

DbError MigrationRunner::migrateLocked(QSqlDatabase &db, QList<int> *appliedNow)
{
    if (m_database.dialect() == Dialect::Postgres) {
        if (DbError error = adoptV8IfFound(db))
            return error;
    }
    if (DbError error = ensureTable(db))
        return migrationError(error, QStringLiteral("cannot create schema_migrations: ") + error.message);
    QList<AppliedMigration> applied;
    if (DbError error = readApplied(db, &applied))
        return error;
    const MigrationStatus status = compare(applied);
    if (status.problem)
        return status.problem;
    int count = 0;
    for (const Migration &m : m_migrations) {
        if (!status.pending.contains(m.version))
            continue;
        if (DbError error = applyOne(db, m))
            return error;
        qCInfo(lcDb).noquote() << "applied migration" << m.label();
        if (appliedNow)
            appliedNow->append(m.version);
        ++count;
    }
    const int version = std::max(status.appliedLatest, status.pending.isEmpty() ? 0 : status.pending.last());
    qCInfo(lcDb).noquote() << QStringLiteral(
        "[OK] Database migrations completed (%1 applied now, schema version %2)")
                                  .arg(count)
                                  .arg(version);
    return {};
}

DbError MigrationRunner::migrate(QList<int> *appliedNow)
{
    // Re-running is safe (everything is re-checked under the lock), so a connection that
    // turns out dead on first use is reopened and the run retried.
    return m_database.run(
        [this, appliedNow](QSqlDatabase &db) -> DbError {
            if (appliedNow)
                appliedNow->clear();
            if (m_database.dialect() == Dialect::Sqlite)
                return migrateLocked(db, appliedNow);
            QSqlQuery query(db);
            // Migrations may run long and the lock wait is open-ended: no statement_timeout
            // while they run; the connection's own value comes back on every path.
            if (DbError error =
                    m_database.exec(query, QStringLiteral("SET statement_timeout = 0"), Deadline::None))
                return error;
            DbError result = m_database.exec(
                query, QStringLiteral("SELECT pg_advisory_lock(%1)").arg(advisoryLockKey()), Deadline::None);
            if (result.ok()) {
                result = migrateLocked(db, appliedNow);
                m_database.exec(query, QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(advisoryLockKey()),
                    Deadline::None);
            }
            m_database.exec(query, QStringLiteral("RESET statement_timeout"), Deadline::None);
            return result;
        },
        Database::Retry::Idempotent);
}

DbError MigrationRunner::status(MigrationStatus *out)
{
    return m_database.run(
        [this, out](QSqlDatabase &db) -> DbError {
            QList<AppliedMigration> applied;
            if (DbError error = readApplied(db, &applied))
                return error;
            *out = compare(applied);
            if (m_database.dialect() == Dialect::Postgres)
                return V8Adoption(m_database).detect(db, &out->v8Found, &out->v8Version);
            return {};
        },
        Database::Retry::Idempotent);
}

} // namespace thetool::db
