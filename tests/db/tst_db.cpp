// The database layer against a real database. This one source is built twice: as
// tst_db_sqlite (label sqlite, a database file in a temporary folder) and as tst_db_pg (label
// pg, a database of its own in the cluster of scripts/test, plus a private cluster that the
// outage test stops, restarts and freezes). THETOOL_DB_TEST_SQLITE selects the dialect.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

#include <signal.h>

#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "backend/db/sqlsplitter.h"
#include "tests/support/privatepgcluster.h"
#include "tests/support/testenv.h"

using namespace thetool::db;

namespace {

constexpr bool kSqlite = THETOOL_DB_TEST_SQLITE != 0;
constexpr Dialect kDialect = kSqlite ? Dialect::Sqlite : Dialect::Postgres;

// A fresh, empty database of this dialect, removed afterwards.
class Sandbox
{
public:
    explicit Sandbox(const QString &name)
    {
        if (kSqlite) {
            m_options.dataPath = m_dir.filePath(name);
            m_valid = m_dir.isValid();
            m_error = m_dir.errorString();
        } else {
            m_pg = std::make_unique<thetool::test::PgTestDatabase>(QStringLiteral("db_") + name);
            m_valid = m_pg->isValid();
            m_error = m_pg->error();
            m_options.url = m_pg->url().toString();
        }
    }
    bool isValid() const { return m_valid; }
    QString error() const { return m_error; }
    const DatabaseOptions &options() const { return m_options; }
    std::unique_ptr<Database> open(QString *error) const
    {
        DbError dbError;
        auto database = Database::create(m_options, &dbError);
        if (!database)
            *error = dbError.message;
        return database;
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<thetool::test::PgTestDatabase> m_pg;
    DatabaseOptions m_options;
    bool m_valid = false;
    QString m_error;
};

// One value from a query, or an invalid QVariant with `error` set.
QVariant scalar(Database &db, const QString &sql, const QVariantList &binds = {}, DbError *error = nullptr)
{
    QVariant value;
    const DbError result = db.run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        if (DbError e = db.prepare(query, sql))
            return e;
        for (const QVariant &bind : binds)
            query.addBindValue(bind);
        if (DbError e = db.exec(query))
            return e;
        if (query.next())
            value = query.value(0);
        return DbError();
    });
    if (error)
        *error = result;
    return value;
}

DbError execute(Database &db, const QString &sql, const QVariantList &binds = {})
{
    DbError error;
    scalar(db, sql, binds, &error);
    return error;
}

bool tableExists(Database &db, const QString &table)
{
    return scalar(db,
               kSqlite
                   ? QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
                   : QStringLiteral(
                       "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = ?"),
               {table})
               .toInt()
        == 1;
}

bool indexExists(Database &db, const QString &index)
{
    return scalar(db,
               kSqlite
                   ? QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?")
                   : QStringLiteral(
                       "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname = ?"),
               {index})
               .toInt()
        == 1;
}

QStringList columnsOf(Database &db, const QString &table)
{
    QStringList columns;
    db.run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        query.prepare(kSqlite ? QStringLiteral("SELECT name FROM pragma_table_info(?)")
                              : QStringLiteral("SELECT column_name FROM information_schema.columns "
                                               "WHERE table_schema = 'public' AND table_name = ?"));
        query.addBindValue(table);
        if (DbError e = db.exec(query))
            return e;
        while (query.next())
            columns.append(query.value(0).toString());
        return DbError();
    });
    return columns;
}

QList<Migration> bundled()
{
    QString error;
    const QList<Migration> migrations = Migration::bundled(kDialect, &error);
    if (!error.isEmpty())
        qFatal("bundled migrations: %s", qPrintable(error));
    return migrations;
}

Migration extraMigration(int version, const QString &name, const QString &sql)
{
    Migration m;
    QString error;
    const bool ok = Migration::fromFile(
        QStringLiteral("%1_%2.sql").arg(version, 4, 10, QLatin1Char('0')).arg(name), sql, &m, &error);
    Q_ASSERT(ok);
    return m;
}

QString thetoolBinary()
{
    return qEnvironmentVariable("THETOOL_BIN");
}

} // namespace

class TestDb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshDatabaseGetsEveryMigration();
    void splitterCountsEveryBundledFile_data();
    void splitterCountsEveryBundledFile();
    void changedChecksumIsRefused();
    void newerSchemaFollowsMinimumCompatibleVersion();
    void noTransactionMarker();
    void failedMigrationRollsBack();
    void constraintErrorsAreClassified();
    void connectionsArePerThread();
    void concurrentMigrateProcessesApplyOnce();
    void migrateCommandReportsErrors();
#if !THETOOL_DB_TEST_SQLITE
    // A server outage concerns PostgreSQL only (SQLite is a file in the process).
    void outageIsDetectedAndRecovered();
#endif
};

void TestDb::freshDatabaseGetsEveryMigration()
{
    Sandbox sandbox(QStringLiteral("fresh"));
    QVERIFY2(sandbox.isValid(), qPrintable(sandbox.error()));
    QString error;
    auto db = sandbox.open(&error);
    QVERIFY2(db, qPrintable(error));

    const QList<Migration> migrations = bundled();
    QVERIFY(!migrations.isEmpty());
    MigrationRunner runner(*db, migrations);
    QList<int> applied;
    const DbError first = runner.migrate(&applied);
    QVERIFY2(first.ok(), qPrintable(first.message));
    QList<int> all;
    for (const Migration &m : migrations)
        all.append(m.version);
    QCOMPARE(applied, all);

    for (const char *table : {"schema_migrations", "analysis_jobs", "analysis_results", "watchlist",
             "watchlist_collections", "strategies", "db_version", "job_logs", "price_bars", "api_keys",
             "api_key_audit", "admin_audit", "workers"})
        QVERIFY2(tableExists(*db, QString::fromLatin1(table)), table);
    for (const char *index : {"idx_job_status", "idx_job_tickers", "idx_jobs_strategy_id",
             "idx_jobs_status_created", "idx_jobs_claim", "idx_jobs_lease", "idx_jobs_correlation",
             "idx_ticker_created", "idx_results_job_ticker", "watchlist_ticker_collection_idx",
             "idx_job_logs_job", "idx_api_keys_revoked", "idx_audit_action", "idx_workers_heartbeat"})
        QVERIFY2(indexExists(*db, QString::fromLatin1(index)), index);
    // spec §4.3 FIX: the v8 one-result-per-day index is not there.
    QVERIFY(!indexExists(*db, QStringLiteral("idx_analysis_ticker_date_strategy")));

    const QStringList jobColumns = columnsOf(*db, QStringLiteral("analysis_jobs"));
    for (const char *column : {"job_id", "status", "progress", "total", "completed", "successful", "errors",
             "tickers_json", "created_at", "updated_at", "started_at", "completed_at", "strategy_id", "kind",
             "correlation_id", "attempt", "max_attempts", "lease_owner", "lease_until", "cancel_requested",
             "ticker_timeout_seconds", "job_timeout_seconds", "config_json", "error", "priority", "run_at"})
        QVERIFY2(jobColumns.contains(QString::fromLatin1(column)), column);
    const QStringList barColumns = columnsOf(*db, QStringLiteral("price_bars"));
    for (const char *column :
        {"symbol", "date", "open", "high", "low", "close", "adj_close", "volume", "source", "fetched_at"})
        QVERIFY2(barColumns.contains(QString::fromLatin1(column)), column);
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM strategies")).toInt(), 5);
    QCOMPARE(
        scalar(*db, QStringLiteral("SELECT description FROM strategies WHERE id = 5")).toString().left(17),
        QStringLiteral("Weekly 4% Target "));
    if (!kSqlite) {
        QCOMPARE(scalar(*db,
                     QStringLiteral("SELECT data_type FROM information_schema.columns WHERE table_name = "
                                    "'analysis_jobs' AND column_name = 'created_at'"))
                     .toString(),
            QStringLiteral("timestamp with time zone"));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT current_setting('TimeZone')")).toString(),
            QStringLiteral("UTC"));
        // The migration run lifts statement_timeout for itself only.
        QCOMPARE(scalar(*db, QStringLiteral("SELECT current_setting('statement_timeout')")).toString(),
            QStringLiteral("30s"));
    }

    // Re-running is a no-op, and the status agrees.
    const DbError second = runner.migrate(&applied);
    QVERIFY2(second.ok(), qPrintable(second.message));
    QVERIFY(applied.isEmpty());
    QCOMPARE(
        scalar(*db, QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt(), migrations.size());
    MigrationStatus status;
    QVERIFY(runner.status(&status).ok());
    QVERIFY(status.pending.isEmpty());
    QVERIFY2(status.problem.ok(), qPrintable(status.problem.message));
    QCOMPARE(status.appliedLatest, migrations.last().version);
}

void TestDb::splitterCountsEveryBundledFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("statements");
    // Every statement in these files starts at column 0 with CREATE or INSERT; the counts are
    // those lines. A new file without a row here fails splitterCountsEveryBundledFile.
    QTest::newRow("postgres/0001") << "postgres/0001_initial_schema.sql" << 48;
    QTest::newRow("sqlite/0001") << "sqlite/0001_initial_schema.sql" << 47;
    QTest::newRow("postgres/0002") << "postgres/0002_api_key_active_names.sql" << 1;
    QTest::newRow("sqlite/0002") << "sqlite/0002_api_key_active_names.sql" << 1;
    QTest::newRow("postgres/0003") << "postgres/0003_job_queue.sql" << 5;
    QTest::newRow("sqlite/0003") << "sqlite/0003_job_queue.sql" << 5;
    QTest::newRow("postgres/0005") << "postgres/0005_job_counts.sql" << 6;
    QTest::newRow("sqlite/0005") << "sqlite/0005_job_counts.sql" << 5;
    QTest::newRow("postgres/0006") << "postgres/0006_job_result.sql" << 1;
    QTest::newRow("sqlite/0006") << "sqlite/0006_job_result.sql" << 1;
    QTest::newRow("postgres/0004") << "postgres/0004_job_events.sql" << 3;
    QTest::newRow("sqlite/0004") << "sqlite/0004_job_events.sql" << 3;
}

void TestDb::splitterCountsEveryBundledFile()
{
    QFETCH(QString, file);
    QFETCH(int, statements);
    QFile resource(QStringLiteral(":/migrations/") + file);
    QVERIFY2(resource.open(QIODevice::ReadOnly), qPrintable(file));
    QString error;
    const QStringList split = SqlSplitter::split(QString::fromUtf8(resource.readAll()), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(split.size(), statements);
    for (const QString &statement : split)
        QVERIFY2(!statement.endsWith(QLatin1Char(';')), qPrintable(statement));

    // Every bundled file of both dialects has a row above.
    static const QStringList known = {QStringLiteral("postgres/0001_initial_schema.sql"),
        QStringLiteral("sqlite/0001_initial_schema.sql"), QStringLiteral("postgres/0002_api_key_active_names.sql"),
        QStringLiteral("sqlite/0002_api_key_active_names.sql"), QStringLiteral("postgres/0003_job_queue.sql"),
        QStringLiteral("sqlite/0003_job_queue.sql"), QStringLiteral("postgres/0004_job_events.sql"),
        QStringLiteral("sqlite/0004_job_events.sql"), QStringLiteral("postgres/0005_job_counts.sql"),
        QStringLiteral("sqlite/0005_job_counts.sql"), QStringLiteral("postgres/0006_job_result.sql"),
        QStringLiteral("sqlite/0006_job_result.sql")};
    for (const char *dialect : {"postgres", "sqlite"}) {
        const QString folder = QStringLiteral(":/migrations/") + QString::fromLatin1(dialect);
        for (const QString &name : QDir(folder).entryList({QStringLiteral("*.sql")}, QDir::Files)) {
            const QString path = QString::fromLatin1(dialect) + QLatin1Char('/') + name;
            QVERIFY2(
                known.contains(path), qPrintable(path + QStringLiteral(" has no expected statement count")));
        }
    }
}

void TestDb::changedChecksumIsRefused()
{
    Sandbox sandbox(QStringLiteral("checksum"));
    QVERIFY2(sandbox.isValid(), qPrintable(sandbox.error()));
    QString error;
    auto db = sandbox.open(&error);
    QVERIFY2(db, qPrintable(error));
    QVERIFY(MigrationRunner(*db, bundled()).migrate().ok());

    // The same version with an edited file, as a developer editing an applied migration would ship.
    QList<Migration> edited = bundled();
    Migration changed;
    QVERIFY(Migration::fromFile(
        edited.first().fileName, edited.first().sql + QStringLiteral("\n-- edited\n"), &changed, &error));
    edited.first() = changed;
    QVERIFY(Migration::normalise(edited, &error));
    MigrationRunner runner(*db, edited);
    const DbError refused = runner.migrate();
    QCOMPARE(refused.kind, DbError::Kind::Migration);
    QVERIFY2(refused.message.contains(edited.first().label())
            && refused.message.contains(QStringLiteral("changed")),
        qPrintable(refused.message));
    MigrationStatus status;
    QVERIFY(runner.status(&status).ok());
    QCOMPARE(status.problem.kind, DbError::Kind::Migration);
}

void TestDb::newerSchemaFollowsMinimumCompatibleVersion()
{
    Sandbox sandbox(QStringLiteral("compat"));
    QVERIFY2(sandbox.isValid(), qPrintable(sandbox.error()));
    QString error;
    auto db = sandbox.open(&error);
    QVERIFY2(db, qPrintable(error));
    const QList<Migration> current = bundled();
    const int latest = current.last().version;

    // Release N+1 expands the schema (no marker: the previous release still runs on it).
    QList<Migration> expand = current;
    expand.append(extraMigration(latest + 1, QStringLiteral("add_notes"),
        QStringLiteral("CREATE TABLE test_notes (id INTEGER PRIMARY KEY, body TEXT);")));
    QVERIFY(Migration::normalise(expand, &error));
    QList<int> applied;
    QVERIFY(MigrationRunner(*db, expand).migrate(&applied).ok());
    QCOMPARE(applied.size(), current.size() + 1);

    // The previous binary accepts the newer schema and applies nothing.
    MigrationRunner previous(*db, current);
    const DbError accepted = previous.migrate(&applied);
    QVERIFY2(accepted.ok(), qPrintable(accepted.message));
    QVERIFY(applied.isEmpty());
    MigrationStatus status;
    QVERIFY(previous.status(&status).ok());
    QVERIFY(status.problem.ok());
    QCOMPARE(status.appliedLatest, latest + 1);

    // Release N+2 contracts (drops what release N used): binaries older than N+1 are refused.
    QList<Migration> contract = expand;
    contract.append(extraMigration(latest + 2, QStringLiteral("drop_notes"),
        QStringLiteral("-- min-compatible: %1\nDROP TABLE test_notes;").arg(latest + 1)));
    QVERIFY(Migration::normalise(contract, &error));
    QVERIFY(MigrationRunner(*db, contract).migrate().ok());
    QVERIFY(MigrationRunner(*db, expand).migrate().ok());
    const DbError refused = previous.migrate();
    QCOMPARE(refused.kind, DbError::Kind::Migration);
    QVERIFY2(refused.message.contains(QStringLiteral("upgrade TheTool")), qPrintable(refused.message));
    QVERIFY(previous.status(&status).ok());
    QCOMPARE(status.schemaMinCompatible, latest + 1);
    QCOMPARE(status.problem.kind, DbError::Kind::Migration);
}

void TestDb::noTransactionMarker()
{
    Sandbox sandbox(QStringLiteral("notx"));
    QVERIFY2(sandbox.isValid(), qPrintable(sandbox.error()));
    QString error;
    auto db = sandbox.open(&error);
    QVERIFY2(db, qPrintable(error));
    // Statements that refuse to run inside a transaction block.
    const QString body = kSqlite
        ? QStringLiteral("VACUUM;")
        : QStringLiteral("CREATE INDEX CONCURRENTLY idx_test_bars_source ON price_bars (source);");
    QList<Migration> migrations = bundled();
    const int next = migrations.last().version + 1;
    migrations.append(extraMigration(next, QStringLiteral("outside"), body));
    QVERIFY(Migration::normalise(migrations, &error));
    const DbError inTransaction = MigrationRunner(*db, migrations).migrate();
    QVERIFY2(inTransaction.kind == DbError::Kind::Migration,
        qPrintable(inTransaction.sqlState + QLatin1Char(' ')
            + inTransaction.message)); // without the marker it fails...
    QVERIFY2(inTransaction.message.contains(QStringLiteral("statement 1 of 1")),
        qPrintable(inTransaction.message));

    migrations.last() =
        extraMigration(next, QStringLiteral("outside"), QStringLiteral("-- no-transaction\n") + body);
    QVERIFY(Migration::normalise(migrations, &error));
    QVERIFY(!migrations.last().transactional);
    QList<int> applied;
    const DbError outside = MigrationRunner(*db, migrations).migrate(&applied); // ...and runs with it
    QVERIFY2(outside.ok(), qPrintable(outside.message));
    QCOMPARE(applied, QList<int> {next});
    if (!kSqlite)
        QVERIFY(indexExists(*db, QStringLiteral("idx_test_bars_source")));
}

void TestDb::failedMigrationRollsBack()
{
    Sandbox sandbox(QStringLiteral("rollback"));
    QVERIFY2(sandbox.isValid(), qPrintable(sandbox.error()));
    QString error;
    auto db = sandbox.open(&error);
    QVERIFY2(db, qPrintable(error));
    QList<Migration> migrations = bundled();
    const int next = migrations.last().version + 1;
    migrations.append(extraMigration(next, QStringLiteral("broken"),
        QStringLiteral("CREATE TABLE test_half (id INTEGER);\nSELEC 'typo';\n")));
    QVERIFY(Migration::normalise(migrations, &error));
    const DbError failed = MigrationRunner(*db, migrations).migrate();
    QCOMPARE(failed.kind, DbError::Kind::Migration);
    QVERIFY2(failed.message.contains(
                 QStringLiteral("%1_broken failed at statement 2 of 2").arg(next, 4, 10, QLatin1Char('0'))),
        qPrintable(failed.message));
    QVERIFY(!tableExists(*db, QStringLiteral("test_half")));
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM schema_migrations WHERE version = ?"), {next})
                 .toInt(),
        0);
    // The migrations before it stay applied; the status shows the broken one pending.
    MigrationStatus status;
    QVERIFY(MigrationRunner(*db, migrations).status(&status).ok());
    QCOMPARE(status.pending, QList<int> {next});
    if (kSqlite) {
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    }
}

void TestDb::constraintErrorsAreClassified()
{
    Sandbox sandbox(QStringLiteral("constraints"));
    QVERIFY2(sandbox.isValid(), qPrintable(sandbox.error()));
    QString error;
    auto db = sandbox.open(&error);
    QVERIFY2(db, qPrintable(error));
    QVERIFY(MigrationRunner(*db, bundled()).migrate().ok());
    QVERIFY(db->ping().ok());

    const QString addCollection = QStringLiteral("INSERT INTO watchlist_collections (name) VALUES (?)");
    QVERIFY(execute(*db, addCollection, {QStringLiteral("Banks")}).ok());
    const DbError duplicate = execute(*db, addCollection, {QStringLiteral("Banks")});
    QCOMPARE(duplicate.kind, DbError::Kind::UniqueViolation);
    QVERIFY(duplicate.isConstraint());

    // Watchlist uniqueness ignores case (spec §5.1).
    const QString addTicker = QStringLiteral("INSERT INTO watchlist (ticker) VALUES (?)");
    QVERIFY(execute(*db, addTicker, {QStringLiteral("M&M.NS")}).ok());
    QCOMPARE(execute(*db, addTicker, {QStringLiteral("m&m.ns")}).kind, DbError::Kind::UniqueViolation);

    const DbError orphan =
        execute(*db, QStringLiteral("INSERT INTO job_logs (job_id, message) VALUES (?, ?)"),
            {QStringLiteral("no-such-job"), QStringLiteral("hello")});
    QCOMPARE(orphan.kind, DbError::Kind::ForeignKeyViolation);

    // Results are fenced per (job, ticker) and survive their job (ON DELETE SET NULL).
    QVERIFY(
        execute(*db, QStringLiteral("INSERT INTO analysis_jobs (job_id, status) VALUES ('j1', 'processing')"))
            .ok());
    const QString addResult = QStringLiteral(
        "INSERT INTO analysis_results (ticker, score, verdict, job_id) VALUES (?, 1.5, 'Buy', 'j1')");
    QVERIFY(execute(*db, addResult, {QStringLiteral("TCS.NS")}).ok());
    QCOMPARE(execute(*db, addResult, {QStringLiteral("TCS.NS")}).kind, DbError::Kind::UniqueViolation);
    QVERIFY(execute(*db, QStringLiteral("DELETE FROM analysis_jobs WHERE job_id = 'j1'")).ok());
    QCOMPARE(
        scalar(*db, QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id IS NULL")).toInt(), 1);

    const DbError syntax = execute(*db, QStringLiteral("SELEC 1"));
    QVERIFY2(syntax.kind == DbError::Kind::Other,
        qPrintable(DbError::kindName(syntax.kind) + QLatin1Char(' ') + syntax.sqlState + QLatin1Char(' ')
            + syntax.message));
}

void TestDb::connectionsArePerThread()
{
    Sandbox sandbox(QStringLiteral("threads"));
    QVERIFY2(sandbox.isValid(), qPrintable(sandbox.error()));
    QString error;
    auto db = sandbox.open(&error);
    QVERIFY2(db, qPrintable(error));

    auto currentName = [&db] {
        QString name;
        db->run([&name](QSqlDatabase &connection) {
            name = connection.connectionName();
            return DbError();
        });
        return name;
    };
    const QString mine = currentName();
    QString theirs;
    bool theirsListedWhileAlive = false;
    QThread *worker = QThread::create([&] {
        theirs = currentName();
        theirsListedWhileAlive = QSqlDatabase::connectionNames().contains(theirs);
        db->releaseThreadConnection();
    });
    worker->start();
    QVERIFY(worker->wait(30000));
    delete worker;
    QVERIFY(!mine.isEmpty() && !theirs.isEmpty());
    QVERIFY(mine != theirs);
    QVERIFY(theirsListedWhileAlive);
    QVERIFY(!QSqlDatabase::connectionNames().contains(theirs));
    QCOMPARE(currentName(), mine); // ours is kept and reused
    QVERIFY(db->ping().ok());
}

void TestDb::concurrentMigrateProcessesApplyOnce()
{
    QVERIFY2(!thetoolBinary().isEmpty(), "THETOOL_BIN is not set (CTest sets it)");
    Sandbox sandbox(QStringLiteral("concurrent"));
    QVERIFY2(sandbox.isValid(), qPrintable(sandbox.error()));

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DATABASE_URL"));
    if (kSqlite)
        env.insert(QStringLiteral("DATA_PATH"), sandbox.options().dataPath);
    else
        env.insert(QStringLiteral("DATABASE_URL"), sandbox.options().url);
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < 3; ++i) {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(env);
        process->setProcessChannelMode(QProcess::MergedChannels);
        processes.push_back(std::move(process));
    }
    for (auto &process : processes) // started back to back, so they race for the schema
        process->start(thetoolBinary(), {QStringLiteral("migrate")});
    for (auto &process : processes) {
        QVERIFY(process->waitForFinished(120000));
        const QString output = QString::fromLocal8Bit(process->readAll());
        QVERIFY2(
            process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("[OK] Database migrations completed")), qPrintable(output));
    }

    QString error;
    auto db = sandbox.open(&error);
    QVERIFY2(db, qPrintable(error));
    const QList<Migration> migrations = bundled();
    QCOMPARE(
        scalar(*db, QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt(), migrations.size());
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(DISTINCT version) FROM schema_migrations")).toInt(),
        migrations.size());
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM strategies")).toInt(), 5);

    QProcess status;
    status.setProcessEnvironment(env);
    status.start(thetoolBinary(), {QStringLiteral("migrate"), QStringLiteral("--status")});
    QVERIFY(status.waitForFinished(60000));
    const QString report = QString::fromLocal8Bit(status.readAllStandardOutput());
    QCOMPARE(status.exitCode(), 0);
    QVERIFY2(report.contains(QStringLiteral("pending:     none"))
            && report.contains(QStringLiteral("compatible:  yes")),
        qPrintable(report));
}

void TestDb::migrateCommandReportsErrors()
{
    QVERIFY2(!thetoolBinary().isEmpty(), "THETOOL_BIN is not set (CTest sets it)");
    QTemporaryDir dir;
    struct Case {
        const char *url;
        const char *dataPath;
        int exitCode;
        const char *message;
    };
    const QString notAFolder = dir.filePath(QStringLiteral("file"));
    QFile file(notAFolder);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QByteArray blocked = (notAFolder + QStringLiteral("/data")).toUtf8();
    const Case cases[] = {
        {"postgres://u:p@db.example.com:99999/x", "", 2, "port '99999'"},
        {"mysql://u@h/db", "", 2, "scheme"},
        {"postgresql://thetool@127.0.0.1:1/thetool", "", 1, "cannot connect"},
        {"", blocked.constData(), 2, "cannot be created"},
    };
    for (const Case &c : cases) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DATABASE_URL"), QString::fromUtf8(c.url));
        env.insert(QStringLiteral("DATA_PATH"), QString::fromUtf8(c.dataPath));
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(thetoolBinary(), {QStringLiteral("migrate")});
        QVERIFY(process.waitForFinished(60000));
        const QString err = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
        QVERIFY2(process.exitCode() == c.exitCode,
            qPrintable(QString::fromUtf8(c.url) + QStringLiteral(": ") + err));
        QVERIFY2(err.contains(QString::fromUtf8(c.message)), qPrintable(err));
        QVERIFY2(err.startsWith(QStringLiteral("thetool migrate: ")) && !err.contains(QLatin1Char('\n')),
            qPrintable(err));
    }
    QProcess usage;
    usage.start(thetoolBinary(), {QStringLiteral("migrate"), QStringLiteral("--bogus")});
    QVERIFY(usage.waitForFinished(60000));
    QCOMPARE(usage.exitCode(), 2);
}

#if !THETOOL_DB_TEST_SQLITE
void TestDb::outageIsDetectedAndRecovered()
{
    thetool::test::PrivatePgCluster cluster;
    QString error;
    QVERIFY2(cluster.create(&error), qPrintable(error));

    DatabaseOptions options;
    options.url = cluster.url().toString();
    options.statementTimeoutMs = 1500;
    options.connectTimeoutSeconds = 2;
    DbError dbError;
    auto db = Database::create(options, &dbError);
    QVERIFY2(db, qPrintable(dbError.message));
    QVERIFY2(db->ping().ok(), qPrintable(db->ping().message));

    // 1. Stopped hard: the next query fails fast, as a connection error.
    QVERIFY2(cluster.stop(QStringLiteral("immediate"), &error), qPrintable(error));
    QElapsedTimer timer;
    timer.start();
    const DbError down = db->ping();
    const qint64 downMs = timer.elapsed();
    qInfo("query against the stopped server failed after %lld ms: %s (%s)", downMs,
        qPrintable(DbError::kindName(down.kind)), qPrintable(down.message));
    QVERIFY(down.kind == DbError::Kind::ConnectionLost || down.kind == DbError::Kind::Unavailable);
    QVERIFY2(downMs < 2000, "acceptance: a query fails within 2 s while PostgreSQL is down");

    // 2. Back up: the same Database object recovers on its own.
    QVERIFY2(cluster.start(&error), qPrintable(error));
    timer.restart();
    DbError up = db->ping();
    while (!up.ok() && timer.elapsed() < 5000) {
        QThread::msleep(100);
        up = db->ping();
    }
    qInfo("recovered after %lld ms", timer.elapsed());
    QVERIFY2(
        up.ok(), qPrintable(QStringLiteral("acceptance: recovers within 5 s; last error: ") + up.message));

    // 2b. A restart behind an idle connection: its handle is dead. Work that may not be
    // repeated reports the lost connection (and the handle is reopened for next time);
    // idempotent work is retried once on a fresh connection and succeeds.
    QVERIFY2(cluster.stop(QStringLiteral("fast"), &error) && cluster.start(&error), qPrintable(error));
    const DbError once = db->run([&db](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        return db->exec(query, QStringLiteral("SELECT 1"));
    });
    QCOMPARE(once.kind, DbError::Kind::ConnectionLost);
    QVERIFY(db->ping().ok());
    QVERIFY2(cluster.stop(QStringLiteral("fast"), &error) && cluster.start(&error), qPrintable(error));
    const DbError retried = db->ping();
    QVERIFY2(retried.ok(), qPrintable(retried.message));

    // 3. The backend serving our connection is frozen: the query still ends, within
    // statement_timeout + 1 s, and the connection is replaced afterwards.
    const qint64 backend = scalar(*db, QStringLiteral("SELECT pg_backend_pid()")).toLongLong();
    QVERIFY(backend > 0);
    QCOMPARE(::kill(static_cast<pid_t>(backend), SIGSTOP), 0);
    timer.restart();
    DbError frozen;
    scalar(*db, QStringLiteral("SELECT 1"), {}, &frozen);
    const qint64 frozenMs = timer.elapsed();
    ::kill(static_cast<pid_t>(backend), SIGCONT);
    qInfo("query against the frozen backend failed after %lld ms: %s (%s)", frozenMs,
        qPrintable(DbError::kindName(frozen.kind)), qPrintable(frozen.message));
    QCOMPARE(frozen.kind, DbError::Kind::Timeout);
    QVERIFY2(
        frozenMs < options.statementTimeoutMs + 1000, "acceptance: fails within statement_timeout + 1 s");
    const DbError after = db->ping();
    QVERIFY2(after.ok(), qPrintable(after.message));
    QVERIFY(scalar(*db, QStringLiteral("SELECT pg_backend_pid()")).toLongLong() != backend);

    // 4. A slow statement on a healthy server is ended by the server's own statement_timeout.
    DbError slow;
    scalar(*db, QStringLiteral("SELECT pg_sleep(5)"), {}, &slow);
    QCOMPARE(slow.kind, DbError::Kind::Timeout);
    QCOMPARE(slow.sqlState, QStringLiteral("57014"));
    QVERIFY(db->ping().ok());
}
#endif

QTEST_GUILESS_MAIN(TestDb)
#include "tst_db.moc"
