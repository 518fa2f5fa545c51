#include "backend/db/database.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>
#include <chrono>

#include <libpq-fe.h>

#include "backend/db/dblog.h"
#include "backend/db/querywatchdog.h"

namespace thetool::db {

namespace {

std::atomic<int> g_instanceCounter {0};

// The libpq handle behind a QPSQL connection, or nullptr.
PGconn *pgHandle(const QSqlDatabase &db)
{
    if (!db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt registers the handle under the struct's tag ("pg_conn*"); older builds used the typedef.
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

// libpq prints server notices and warnings to stderr by itself; route them to the log.
void logNotice(void *, const char *message)
{
    qCWarning(lcDb).noquote() << "PostgreSQL:" << QString::fromUtf8(message).trimmed();
}

} // namespace

std::unique_ptr<Database> Database::create(const DatabaseOptions &options, DbError *error)
{
    auto failWith = [error](DbError::Kind kind, const QString &message) {
        if (error)
            *error = DbError::make(kind, message);
        return std::unique_ptr<Database>();
    };
    if (options.usesPostgres()) {
        const PostgresUrl url = PostgresUrl::parse(options.url);
        if (!url.isValid())
            return failWith(DbError::Kind::Config, url.error());
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
            return failWith(DbError::Kind::Config,
                QStringLiteral("the Qt PostgreSQL driver (QPSQL, package libqt6sql6-psql) is not installed"));
        return std::unique_ptr<Database>(new Database(options, Dialect::Postgres, url));
    }
    if (options.dataPath.isEmpty())
        return failWith(
            DbError::Kind::Config, QStringLiteral("DATA_PATH is empty and DATABASE_URL is not set"));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return failWith(DbError::Kind::Config,
            QStringLiteral("the Qt SQLite driver (QSQLITE, package libqt6sql6-sqlite) is not installed"));
    if (!QDir().mkpath(options.dataPath))
        return failWith(DbError::Kind::Config,
            QStringLiteral("DATA_PATH '") + options.dataPath + QStringLiteral("' cannot be created"));
    return std::unique_ptr<Database>(new Database(options, Dialect::Sqlite, PostgresUrl()));
}

Database::Database(const DatabaseOptions &options, Dialect dialect, const PostgresUrl &url)
    : m_options(options)
    , m_dialect(dialect)
    , m_url(url)
    , m_prefix(QStringLiteral("thetool.db.") + QString::number(++g_instanceCounter) + QLatin1Char('.'))
{
    if (m_dialect == Dialect::Postgres)
        m_watchdog = std::make_unique<QueryWatchdog>();
}

Database::~Database()
{
    // Owning threads release their connections at exit; whatever is left (this thread's,
    // or one whose thread forgot) is removed here so the names do not leak.
    QStringList names;
    {
        std::lock_guard lock(m_mutex);
        names = m_connections.keys();
        m_connections.clear();
    }
    for (const QString &name : names)
        QSqlDatabase::removeDatabase(name);
}

QString Database::describe() const
{
    return m_dialect == Dialect::Postgres ? m_url.redacted()
                                          : QStringLiteral("sqlite:") + m_options.sqliteFile();
}

QString Database::connectionName() const
{
    return m_prefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

void Database::markBroken(const QString &name)
{
    std::lock_guard lock(m_mutex);
    m_connections[name] = true;
}

bool Database::takeBroken(const QString &name)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_connections.find(name);
    if (it == m_connections.end() || !it.value())
        return false;
    it.value() = false;
    return true;
}

DbError Database::openConnection(QSqlDatabase &db)
{
    if (!db.open()) {
        const DbError driverError = DbError::fromSqlError(db.lastError(), m_dialect);
        return DbError::make(DbError::Kind::Unavailable,
            QStringLiteral("cannot connect to ") + describe() + QStringLiteral(": ") + driverError.message,
            driverError.sqlState);
    }
    if (PGconn *conn = m_dialect == Dialect::Postgres ? pgHandle(db) : nullptr)
        PQsetNoticeProcessor(conn, &logNotice, nullptr);
    if (m_dialect == Dialect::Sqlite) {
        // WAL lets readers run beside the writer; foreign keys are off by default in SQLite.
        QSqlQuery pragma(db);
        for (const char *statement :
            {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
            if (!pragma.exec(QString::fromLatin1(statement))) {
                const DbError error = DbError::fromSqlError(pragma.lastError(), m_dialect);
                db.close();
                return DbError::make(DbError::Kind::Unavailable,
                    QStringLiteral("cannot prepare ") + describe() + QStringLiteral(": ") + error.message,
                    error.sqlState);
            }
        }
    }
    return {};
}

DbError Database::ensureOpen(QSqlDatabase *out)
{
    const QString name = connectionName();
    QSqlDatabase db;
    if (QSqlDatabase::contains(name)) {
        db = QSqlDatabase::database(name, false);
        if (!db.isValid()) {
            // A thread that exited without releasing left its name to a new thread at the
            // same address: that handle belongs to nobody now.
            QSqlDatabase::removeDatabase(name);
        }
    }
    if (!db.isValid()) {
        if (m_dialect == Dialect::Postgres) {
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(m_url.host());
            db.setPort(m_url.port());
            db.setDatabaseName(m_url.databaseName());
            db.setUserName(m_url.userName());
            db.setPassword(m_url.password());
            db.setConnectOptions(m_url.connectOptions(m_options));
        } else {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_options.sqliteFile());
            db.setConnectOptions(
                QStringLiteral("QSQLITE_BUSY_TIMEOUT=") + QString::number(m_options.sqliteBusyTimeoutMs));
        }
        std::lock_guard lock(m_mutex);
        m_connections.insert(name, false);
    }
    bool broken = takeBroken(name);
    if (db.isOpen() && m_dialect == Dialect::Postgres) {
        // libpq notices a dead socket only after an operation failed on it.
        if (PGconn *conn = pgHandle(db); conn && PQstatus(conn) == CONNECTION_BAD)
            broken = true;
    }
    if (broken && db.isOpen())
        db.close();
    if (!db.isOpen()) {
        if (DbError error = openConnection(db)) {
            markBroken(name);
            return error;
        }
    }
    *out = db;
    return {};
}

DbError Database::run(const Work &work, Retry retry)
{
    QSqlDatabase db;
    if (DbError error = ensureOpen(&db))
        return error;
    DbError error = work(db);
    if (error.kind != DbError::Kind::ConnectionLost)
        return error;
    // The handle was dead (e.g. the server restarted): reopen once; retry only when the
    // caller said the work is safe to repeat.
    if (db.isOpen())
        db.close();
    if (DbError reopen = ensureOpen(&db)) {
        error.message += QStringLiteral("; reconnecting failed: ") + reopen.message;
        return error;
    }
    if (retry == Retry::Idempotent)
        return work(db);
    return error;
}

DbError Database::ping()
{
    return run(
        [this](QSqlDatabase &db) {
            QSqlQuery query(db);
            return exec(query, QStringLiteral("SELECT 1"));
        },
        Retry::Idempotent);
}

DbError Database::exec(QSqlQuery &query, Deadline deadline)
{
    // QPSQL sends bound values as quoted literals, where a NUL character ends the string and
    // breaks the statement; PostgreSQL text cannot hold one anyway. Refused the same way on
    // both engines, as a bad value from the caller, before anything runs.
    for (const QVariant &value : query.boundValues()) {
        if (value.typeId() == QMetaType::QString && value.toString().contains(QChar(0)))
            return DbError {
                DbError::Kind::InvalidValue, QStringLiteral("a text value contains a NUL character"), {}};
    }
    return guarded(query, deadline, [&query] { return query.exec(); });
}

DbError Database::exec(QSqlQuery &query, const QString &sql, Deadline deadline)
{
    return guarded(query, deadline, [&query, &sql] { return query.exec(sql); });
}

DbError Database::prepare(QSqlQuery &query, const QString &sql, Deadline deadline)
{
    return guarded(query, deadline, [&query, &sql] { return query.prepare(sql); });
}

DbError Database::guarded(QSqlQuery &query, Deadline deadline, const std::function<bool()> &operation)
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName(), false);
    PGconn *conn = m_dialect == Dialect::Postgres ? pgHandle(db) : nullptr;
    std::uint64_t ticket = 0;
    const int budgetMs = m_options.statementTimeoutMs + m_options.clientDeadlineMarginMs;
    if (conn && deadline == Deadline::Statement && m_options.statementTimeoutMs > 0 && PQsocket(conn) >= 0) {
        ticket = m_watchdog->arm(
            PQsocket(conn), QueryWatchdog::Clock::now() + std::chrono::milliseconds(budgetMs));
    }
    const bool ok = operation();
    const bool fired = ticket != 0 && m_watchdog->disarm(ticket);
    if (fired) {
        markBroken(connectionName());
        return DbError::make(DbError::Kind::Timeout,
            QStringLiteral("the database did not answer within ") + QString::number(budgetMs)
                + QStringLiteral(" ms (statement_timeout plus margin); the connection was dropped"));
    }
    if (ok)
        return {};
    DbError error = DbError::fromSqlError(query.lastError(), m_dialect);
    if (error.kind == DbError::Kind::Other && conn && PQstatus(conn) == CONNECTION_BAD)
        error.kind = DbError::Kind::ConnectionLost;
    if (error.kind == DbError::Kind::ConnectionLost)
        markBroken(connectionName());
    return error;
}

void Database::releaseThreadConnection()
{
    const QString name = connectionName();
    {
        std::lock_guard lock(m_mutex);
        if (!m_connections.remove(name))
            return;
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace thetool::db
