#include "backend/db/v8adoption.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include "backend/db/database.h"
#include "backend/db/dblog.h"
#include "backend/db/postgresurl.h"
#include "backend/db/sqlsplitter.h"

namespace thetool::db {

namespace {

using Deadline = Database::Deadline;

const QString kScriptPath = QStringLiteral(":/migrations/postgres/adopt/v8_to_0001.sql");

DbError adoptionError(const QString &message)
{
    return DbError::make(DbError::Kind::Migration, message);
}

// A libpq conninfo value: quoted, with backslashes and quotes escaped.
QString conninfoValue(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

// Columns without which the rows mean nothing; the script adds every other one.
struct Required {
    const char *table;
    bool tableRequired;
    QList<const char *> columns;
};

const QList<Required> &requiredColumns()
{
    static const QList<Required> required {
        {"db_version", true, {"version"}},
        {"analysis_jobs", true, {"job_id", "status"}},
        {"analysis_results", true, {"id", "ticker", "score", "verdict"}},
        {"watchlist", true, {"id", "ticker"}},
        {"watchlist_collections", false, {"id", "name"}},
        {"strategies", false, {"id", "name"}},
        {"api_keys", false, {"id", "key_hash", "name", "permissions"}},
        {"api_key_audit", false, {"id", "key_hash", "action"}},
    };
    return required;
}

} // namespace

V8Adoption::V8Adoption(Database &database)
    : m_database(database)
{ }

QString V8Adoption::unchangedNote()
{
    return QStringLiteral("the database was not changed");
}

QString V8Adoption::script(QString *error)
{
    QFile file(kScriptPath);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("the adoption script %1 is not in this binary").arg(kScriptPath);
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

DbError V8Adoption::detect(QSqlDatabase &db, bool *isV8, int *dbVersion)
{
    *isV8 = false;
    QSqlQuery query(db);
    if (DbError error = m_database.exec(query,
            QStringLiteral("SELECT to_regclass('db_version') IS NOT NULL, "
                           "to_regclass('schema_migrations') IS NOT NULL"),
            Deadline::None))
        return error;
    if (!query.next() || !query.value(0).toBool())
        return {};
    if (query.value(1).toBool()) {
        if (DbError error = m_database.exec(
                query, QStringLiteral("SELECT count(*) FROM schema_migrations"), Deadline::None))
            return error;
        if (query.next() && query.value(0).toLongLong() > 0)
            return {}; // TheTool's own schema (0001 keeps db_version too)
    }
    if (DbError error = m_database.exec(
            query, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM db_version"), Deadline::None))
        return error;
    if (dbVersion)
        *dbVersion = query.next() ? query.value(0).toInt() : 0;
    *isV8 = true;
    return {};
}

DbError V8Adoption::columnsOf(QSqlDatabase &db, const QString &table, QStringList *out)
{
    out->clear();
    QSqlQuery query(db);
    if (DbError error = m_database.prepare(query,
            QStringLiteral("SELECT column_name FROM information_schema.columns "
                           "WHERE table_schema = current_schema() AND table_name = ?"),
            Deadline::None))
        return error;
    query.addBindValue(table);
    if (DbError error = m_database.exec(query, Deadline::None))
        return error;
    while (query.next())
        out->append(query.value(0).toString());
    return {};
}

DbError V8Adoption::check(QSqlDatabase &db)
{
    QStringList missing;
    QStringList jobColumns;
    for (const Required &r : requiredColumns()) {
        const QString table = QString::fromLatin1(r.table);
        QStringList columns;
        if (DbError error = columnsOf(db, table, &columns))
            return error;
        if (columns.isEmpty()) {
            if (r.tableRequired)
                missing.append(QStringLiteral("table %1").arg(table));
            continue;
        }
        if (table == QLatin1String("analysis_jobs"))
            jobColumns = columns;
        for (const char *column : r.columns) {
            const QString name = QString::fromLatin1(column);
            if (columns.contains(name))
                continue;
            QString item = table + QLatin1Char('.') + name;
            if (table == QLatin1String("watchlist") && name == QLatin1String("ticker")
                && columns.contains(QStringLiteral("symbol")))
                item += QStringLiteral(" (the table still has the v1 column symbol, which v8's migration 4 "
                                       "renames)");
            missing.append(item);
        }
    }
    if (!missing.isEmpty()) {
        return adoptionError(
            QStringLiteral("cannot adopt the TheTool v8 database: it lacks %1 (a half-applied v8 schema, "
                           "spec §5.3); let the Python backend finish its migrations or add them, "
                           "then start again; %2")
                .arg(missing.join(QStringLiteral(", ")), unchangedNote()));
    }
    // The new CHECK on status knows the original strings only; queued and processing become failed.
    QSqlQuery query(db);
    if (DbError error = m_database.exec(query,
            QStringLiteral("SELECT DISTINCT status FROM analysis_jobs WHERE status NOT IN "
                           "('queued', 'processing', 'completed', 'failed', 'cancelled') ORDER BY 1"),
            Deadline::None))
        return error;
    QStringList unknown;
    while (query.next())
        unknown.append(QLatin1Char('\'') + query.value(0).toString() + QLatin1Char('\''));
    if (!unknown.isEmpty()) {
        return adoptionError(
            QStringLiteral("cannot adopt the TheTool v8 database: analysis_jobs.status holds %1, "
                           "which is not one of queued, processing, completed, failed, "
                           "cancelled; %2")
                .arg(unknown.join(QStringLiteral(", ")), unchangedNote()));
    }
    return {};
}

DbError V8Adoption::backup()
{
    const bool wanted = qEnvironmentVariable("ADOPT_BACKUP").trimmed() == QLatin1String("1");
    if (!wanted) {
        qCWarning(lcDb).noquote()
            << "adopting a TheTool v8 database in place. Back it up first (Railway: a volume backup, or "
               "pg_dump --format=custom \"$DATABASE_URL\" > thetool-v8.dump); set ADOPT_BACKUP=1 to have "
               "TheTool run pg_dump into DATA_PATH before adopting. Going back to the Python backend "
               "afterwards is not supported.";
        return {};
    }
    const QString pgDump = QStandardPaths::findExecutable(QStringLiteral("pg_dump"));
    if (pgDump.isEmpty()) {
        return adoptionError(
            QStringLiteral("ADOPT_BACKUP=1 but pg_dump is not on PATH: install the PostgreSQL "
                           "client (same major version as the server or newer), or back up "
                           "yourself and unset ADOPT_BACKUP; %1")
                .arg(unchangedNote()));
    }
    const PostgresUrl url = PostgresUrl::parse(m_database.options().url);
    if (!url.isValid())
        return DbError::make(DbError::Kind::Config, QStringLiteral("DATABASE_URL: ") + url.error());
    const QString folder = m_database.options().dataPath;
    if (!QDir().mkpath(folder))
        return adoptionError(QStringLiteral("ADOPT_BACKUP=1: cannot create the data folder %1; %2")
                                 .arg(folder, unchangedNote()));
    const QString file = QDir(folder).filePath(
        QStringLiteral("thetool-v8-backup-%1.dump")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"))));

    // The password goes through the environment, never the command line (visible in ps).
    QStringList conninfo;
    if (!url.host().isEmpty())
        conninfo << QStringLiteral("host=") + conninfoValue(url.host());
    if (url.port() > 0)
        conninfo << QStringLiteral("port=%1").arg(url.port());
    if (!url.userName().isEmpty())
        conninfo << QStringLiteral("user=") + conninfoValue(url.userName());
    conninfo << QStringLiteral("dbname=") + conninfoValue(url.databaseName());
    for (const auto &[key, value] : url.parameters())
        conninfo << key + QLatin1Char('=') + conninfoValue(value);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!url.password().isEmpty())
        environment.insert(QStringLiteral("PGPASSWORD"), url.password());
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    qCInfo(lcDb).noquote() << "ADOPT_BACKUP=1: exporting the database with pg_dump to" << file;
    process.start(pgDump,
        {QStringLiteral("--format=custom"), QStringLiteral("--no-password"), QStringLiteral("--file"), file,
            QStringLiteral("--dbname"), conninfo.join(QLatin1Char(' '))});
    const bool finished = process.waitForStarted() && process.waitForFinished(60 * 60 * 1000);
    if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString detail = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
        QFile::remove(file);
        return adoptionError(QStringLiteral("ADOPT_BACKUP=1: pg_dump failed (%1); %2")
                                 .arg(detail.isEmpty() ? process.errorString() : detail, unchangedNote()));
    }
    qCInfo(lcDb).noquote() << "ADOPT_BACKUP=1: backup written to" << file
                           << "(restore with pg_restore --clean --dbname ...)";
    return {};
}

DbError V8Adoption::apply(QSqlDatabase &db)
{
    QString error;
    const QString sql = script(&error);
    if (!error.isEmpty())
        return adoptionError(error);
    const QStringList statements = SqlSplitter::split(sql, &error);
    if (!error.isEmpty())
        return adoptionError(QStringLiteral("v8_to_0001.sql: ") + error);
    for (qsizetype i = 0; i < statements.size(); ++i) {
        QSqlQuery query(db);
        if (DbError failure = m_database.exec(query, statements.at(i), Deadline::None)) {
            const DbError::Kind kind = failure.isTransient() ? failure.kind : DbError::Kind::Migration;
            // 55P03 lock_not_available: lock_timeout expired.
            const QString hint = failure.sqlState == QLatin1String("55P03")
                ? QStringLiteral(" (another client holds the table: stop the Python backend first)")
                : QString();
            return DbError::make(kind,
                QStringLiteral("adopting the TheTool v8 database failed at statement %1 of %2 of "
                               "v8_to_0001.sql: %3")
                    .arg(i + 1)
                    .arg(statements.size())
                    .arg(failure.message + hint),
                failure.sqlState);
        }
    }
    return {};
}

} // namespace thetool::db
