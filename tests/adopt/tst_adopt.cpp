// Adopting a TheTool v8 PostgreSQL database in place (issue 6, DESIGN.md "Data"): a v8
// database built with the Python backend's DDL and clocks (V8Fixture) is migrated by
// MigrationRunner and by `thetool migrate`; rows, timestamps and the resulting schema are
// compared with the originals and with a fresh 0001 database.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "tests/adopt/v8fixture.h"
#include "tests/api/serverprocess.h"
#include "tests/support/testenv.h"

using namespace thetool::db;
using thetool::test::PgTestDatabase;
using thetool::test::V8Fixture;

namespace {

const QStringList kV8Tables {QStringLiteral("db_version"), QStringLiteral("strategies"),
    QStringLiteral("analysis_jobs"), QStringLiteral("analysis_results"),
    QStringLiteral("watchlist_collections"), QStringLiteral("watchlist")};

// One per-test database, optionally holding the v8 fixture, and a Database on it.
class Subject
{
public:
    Subject(const QString &name, std::optional<V8Fixture::Shape> shape)
        : m_pg(QStringLiteral("adopt_") + name)
    {
        if (!m_pg.isValid()) {
            m_error = m_pg.error();
            return;
        }
        if (shape) {
            const QString connection = m_pg.openConnection(QStringLiteral("fixture_") + name);
            {
                QSqlDatabase db = QSqlDatabase::database(connection);
                if (!db.isOpen())
                    m_error = db.lastError().text();
                else if (!V8Fixture::build(db, *shape, &m_error) && m_error.isEmpty())
                    m_error = QStringLiteral("fixture failed");
            }
            QSqlDatabase::removeDatabase(connection);
            if (!m_error.isEmpty())
                return;
        }
        DatabaseOptions options;
        options.url = m_pg.url().toString();
        options.dataPath = m_dir.path();
        DbError error;
        m_database = Database::create(options, &error);
        if (!m_database)
            m_error = error.message;
    }
    ~Subject()
    {
        if (m_database)
            m_database->releaseThreadConnection();
    }
    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    Database &db() { return *m_database; }
    QString url() const { return m_pg.url().toString(); }
    QString dataPath() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    PgTestDatabase m_pg;
    std::unique_ptr<Database> m_database;
    QString m_error;
};

// Every row of `sql`, columns joined by '|', through the database layer.
QStringList rows(Database &db, const QString &sql, DbError *error = nullptr)
{
    QStringList out;
    const DbError result = db.run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        if (DbError e = db.exec(query, sql))
            return e;
        while (query.next()) {
            QStringList fields;
            for (int i = 0; i < query.record().count(); ++i)
                fields << (query.isNull(i) ? QStringLiteral("NULL") : query.value(i).toString());
            out << fields.join(QLatin1Char('|'));
        }
        return DbError();
    });
    if (error)
        *error = result;
    return out;
}

QString one(Database &db, const QString &sql)
{
    const QStringList r = rows(db, sql);
    return r.isEmpty() ? QString() : r.first();
}

QMap<QString, int> counts(Database &db)
{
    QMap<QString, int> out;
    for (const QString &table : kV8Tables)
        out.insert(table, one(db, QStringLiteral("SELECT count(*) FROM ") + table).toInt());
    return out;
}

// The schema as the new server sees it: tables, columns (not their order), indexes,
// constraints, triggers and functions of the current schema.
QStringList schemaOf(Database &db)
{
    QStringList out;
    out << rows(db,
        QStringLiteral("SELECT 'table', table_name FROM information_schema.tables "
                       "WHERE table_schema = current_schema() ORDER BY 2"));
    out << rows(db,
        QStringLiteral("SELECT 'column', table_name, column_name, data_type, is_nullable, "
                       "COALESCE(column_default, '-') FROM information_schema.columns "
                       "WHERE table_schema = current_schema() ORDER BY 2, 3"));
    out << rows(db,
        QStringLiteral("SELECT 'index', tablename, indexname, indexdef FROM pg_indexes "
                       "WHERE schemaname = current_schema() ORDER BY 2, 3"));
    out << rows(db,
        QStringLiteral("SELECT 'constraint', t.relname, c.conname, pg_get_constraintdef(c.oid) "
                       "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                       "WHERE t.relnamespace = current_schema()::regnamespace ORDER BY 2, 3"));
    out << rows(db,
        QStringLiteral(
            "SELECT 'trigger', event_object_table, trigger_name, action_timing, event_manipulation, "
            "action_statement FROM information_schema.triggers "
            "WHERE trigger_schema = current_schema() ORDER BY 2, 3"));
    out << rows(db,
        QStringLiteral("SELECT 'function', p.proname, md5(p.prosrc) FROM pg_proc p "
                       "WHERE p.pronamespace = current_schema()::regnamespace ORDER BY 2"));
    return out;
}

// Every table's schema and rows, as pg_dump writes them: "exactly as it was" means this.
QByteArray dump(const QString &url)
{
    QProcess process;
    process.start(QStringLiteral("pg_dump"), {QStringLiteral("--no-owner"), QStringLiteral("--dbname"), url});
    if (!process.waitForFinished(120000) || process.exitCode() != 0)
        return QByteArray("pg_dump failed: ") + process.readAllStandardError();
    // Recent pg_dump versions wrap the script in \restrict KEY ... \unrestrict KEY with a random key.
    QByteArrayList lines = process.readAllStandardOutput().split('\n');
    lines.removeIf([](const QByteArray &line) {
        return line.startsWith("\\restrict ") || line.startsWith("\\unrestrict ");
    });
    return lines.join('\n');
}

QList<Migration> bundled()
{
    return Migration::bundled(Dialect::Postgres);
}

} // namespace

class TestAdopt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void adoptsCompleteV8KeepingEveryRow();
    void adoptedSchemaEqualsFresh_data();
    void adoptedSchemaEqualsFresh();
    void secondRunIsNoOp();
    void halfAppliedV8MissingCoreColumnsStopsUnchanged();
    void failureMidwayLeavesDatabaseAsItWas();
    void adoptBackupExportsFirst();
    void migrateCommandAdopts();
    void serveAdoptsAtStart();
    void serveRefusesWhatItCannotAdopt();
};

void TestAdopt::adoptsCompleteV8KeepingEveryRow()
{
    Subject s(QStringLiteral("complete"), V8Fixture::Shape::Complete);
    QVERIFY2(s.isValid(), qPrintable(s.error()));
    const QMap<QString, int> before = counts(s.db());
    QCOMPARE(before.value(QStringLiteral("analysis_results")), 7);
    QCOMPARE(before.value(QStringLiteral("analysis_jobs")), 5);
    QCOMPARE(before.value(QStringLiteral("watchlist")), 6);

    QList<int> applied;
    const DbError error = MigrationRunner(s.db(), bundled()).migrate(&applied);
    QVERIFY2(error.ok(), qPrintable(error.message));
    // 0001 was recorded by the adoption; later bundled versions run normally.
    QVERIFY(!applied.contains(1));
    QCOMPARE(one(s.db(), QStringLiteral("SELECT name FROM schema_migrations WHERE version = 1")),
        QStringLiteral("initial_schema"));

    // Every row kept; strategies gains only the new Strategy 5 (0001 seeds it).
    QMap<QString, int> after = counts(s.db());
    QCOMPARE(after.value(QStringLiteral("strategies")), before.value(QStringLiteral("strategies")) + 1);
    after.insert(QStringLiteral("strategies"), before.value(QStringLiteral("strategies")));
    QCOMPARE(after, before);
    QCOMPARE(one(s.db(), QStringLiteral("SELECT description FROM strategies WHERE id = 2")),
        QStringLiteral("Trend Following")); // the old rows are not rewritten
    QCOMPARE(one(s.db(), QStringLiteral("SELECT count(*) FROM db_version")), QStringLiteral("8"));

    // Timestamps: each original read in the clock that wrote it (spec §0.4).
    const QString utc = QStringLiteral("to_char(%1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
    auto at = [&](const QString &column, const QString &table, const QString &where) {
        return one(s.db(),
            QStringLiteral("SELECT ") + utc.arg(column) + QStringLiteral(" FROM ") + table
                + QStringLiteral(" WHERE ") + where);
    };
    const QString done = QStringLiteral("job_id = '3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a60'");
    QCOMPARE(at(QStringLiteral("created_at"), QStringLiteral("analysis_jobs"), done),
        QStringLiteral("2025-11-20T09:58:01.512345Z")); // UTC as is
    QCOMPARE(at(QStringLiteral("completed_at"), QStringLiteral("analysis_jobs"), done),
        QStringLiteral("2025-11-20T10:05:44.100000Z"));
    QCOMPARE(at(QStringLiteral("started_at"), QStringLiteral("analysis_jobs"), done),
        QStringLiteral("2025-11-20T09:58:02.250000Z")); // 15:28:02.25 IST
    const QString first = QStringLiteral("id = (SELECT min(id) FROM analysis_results)");
    QCOMPARE(at(QStringLiteral("created_at"), QStringLiteral("analysis_results"), first),
        QStringLiteral("2025-11-20T10:00:12.123456Z")); // 15:30:12.123456 IST
    QCOMPARE(at(QStringLiteral("updated_at"), QStringLiteral("analysis_results"), first),
        QStringLiteral("2025-11-20T10:00:12.123456Z"));
    QCOMPARE(at(QStringLiteral("created_at"), QStringLiteral("analysis_results"),
                 QStringLiteral("ticker = 'INFY.NS'")),
        QStringLiteral("2025-11-21T18:40:00.000000Z")); // 00:10 IST on the 22nd is the 21st in UTC
    QCOMPARE(at(QStringLiteral("created_at"), QStringLiteral("watchlist"), QStringLiteral("id = 1")),
        QStringLiteral("2025-10-03T10:00:00.654321Z"));
    QCOMPARE(at(QStringLiteral("created_at"), QStringLiteral("watchlist_collections"),
                 QStringLiteral("name = 'Banks'")),
        QStringLiteral("2025-10-01T08:00:00.250000Z"));
    QCOMPARE(at(QStringLiteral("applied_at"), QStringLiteral("db_version"), QStringLiteral("version = 8")),
        QStringLiteral("2025-09-01T00:00:08.000000Z"));
    // The dormant API key tables are kept with their rows; last_used_at was IST.
    QCOMPARE(one(s.db(), QStringLiteral("SELECT count(*) FROM api_keys")), QStringLiteral("1"));
    QCOMPARE(one(s.db(), QStringLiteral("SELECT count(*) FROM api_key_audit")), QStringLiteral("1"));
    QCOMPARE(
        at(QStringLiteral("last_used_at"), QStringLiteral("api_keys"), QStringLiteral("name = 'Frontend'")),
        QStringLiteral("2025-11-20T10:05:00.000000Z"));
    QCOMPARE(
        at(QStringLiteral("created_at"), QStringLiteral("api_keys"), QStringLiteral("name = 'Frontend'")),
        QStringLiteral("2025-10-10T06:00:00.000000Z"));

    // Readable through the database layer, as QDateTime in UTC.
    QDateTime created;
    QString verdict;
    const DbError read = s.db().run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        if (DbError e = s.db().prepare(query,
                QStringLiteral("SELECT created_at, verdict FROM analysis_results WHERE ticker = ? "
                               "ORDER BY created_at DESC LIMIT 1")))
            return e;
        query.addBindValue(QStringLiteral("TCS.NS"));
        if (DbError e = s.db().exec(query))
            return e;
        if (query.next()) {
            created = query.value(0).toDateTime();
            verdict = query.value(1).toString();
        }
        return DbError();
    });
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(verdict, QStringLiteral("Buy"));
    // Every old result and job reads back with a valid UTC time.
    int readable = 0;
    const DbError all = s.db().run([&](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        if (DbError e = s.db().exec(query,
                QStringLiteral("SELECT created_at, score FROM analysis_results UNION ALL "
                               "SELECT created_at, progress FROM analysis_jobs")))
            return e;
        while (query.next())
            readable += query.value(0).toDateTime().isValid() && query.value(1).isValid() ? 1 : 0;
        return DbError();
    });
    QVERIFY2(all.ok(), qPrintable(all.message));
    QCOMPARE(readable, 7 + 5);
    QCOMPARE(created.toUTC(), QDateTime(QDate(2025, 11, 21), QTime(10, 1), Qt::UTC)); // 15:31 IST

    // Watchlist rows stay in Default (NULL) and in their named collections.
    QCOMPARE(rows(s.db(),
                 QStringLiteral("SELECT ticker, COALESCE(c.name, 'Default') FROM watchlist w LEFT JOIN "
                                "watchlist_collections c ON c.id = w.collection_id ORDER BY w.id")),
        QStringList({QStringLiteral("RELIANCE.NS|Default"), QStringLiteral("TCS.NS|Default"),
            QStringLiteral("HDFCBANK.NS|Banks"), QStringLiteral("ICICIBANK.NS|Banks"),
            QStringLiteral("INFY.NS|IT"), QStringLiteral("TCS.NS|IT")}));
    QCOMPARE(one(s.db(), QStringLiteral("SELECT notes FROM watchlist WHERE id = 1")),
        QStringLiteral("core holding"));

    // Results keep job_id NULL; jobs the Python backend left running are failed.
    QCOMPARE(one(s.db(), QStringLiteral("SELECT count(*) FROM analysis_results WHERE job_id IS NULL")),
        QStringLiteral("7"));
    QCOMPARE(
        rows(s.db(),
            QStringLiteral(
                "SELECT job_id, status, COALESCE(error, '-'), errors FROM analysis_jobs ORDER BY job_id")),
        QStringList({QStringLiteral("3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a60|completed|-|[]"),
            QStringLiteral("7a1d9e55-2b3c-4d6e-8f70-91a2b3c4d5e6|failed|orphaned by previous backend|"
                           "[{\"error\": \"orphaned by previous backend\"}]"),
            QStringLiteral("c0ffee00-1111-4222-8333-944455556666|failed|orphaned by previous backend|"
                           "[{\"error\": \"orphaned by previous backend\"}]"),
            QStringLiteral("ca11ed00-0000-4000-8000-000000000001|cancelled|-|[]"),
            QStringLiteral(
                "d15ea5e0-aaaa-4bbb-8ccc-dddd0000eeee|failed|-|[{\"error\": \"Rate limited\"}]")}));
    QCOMPARE(
        one(s.db(),
            QStringLiteral(
                "SELECT count(*) FROM analysis_jobs WHERE status = 'failed' AND completed_at IS NOT NULL")),
        QStringLiteral("3"));

    // The new server can write what v8 refused: a second result for the same ticker, IST day
    // and strategy (spec §4.3 FIX), and a result fenced by its job.
    DbError insert;
    const QStringList inserted = rows(s.db(),
        QStringLiteral(
            "INSERT INTO analysis_results (ticker, score, verdict, created_at, strategy_id, job_id) "
            "VALUES ('RELIANCE.NS', 70, 'Buy', '2025-11-20T10:30:00Z', 1, "
            "'3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a60') RETURNING id"),
        &insert);
    QVERIFY2(insert.ok(), qPrintable(insert.message));
    QCOMPARE(inserted.size(), 1);
}

void TestAdopt::adoptedSchemaEqualsFresh_data()
{
    QTest::addColumn<int>("shape");
    QTest::newRow("complete v8") << int(V8Fixture::Shape::Complete);
    QTest::newRow("half-applied v8") << int(V8Fixture::Shape::HalfApplied);
}

void TestAdopt::adoptedSchemaEqualsFresh()
{
    QFETCH(int, shape);
    Subject fresh(QStringLiteral("fresh"), std::nullopt);
    QVERIFY2(fresh.isValid(), qPrintable(fresh.error()));
    QVERIFY(MigrationRunner(fresh.db(), bundled()).migrate().ok());

    Subject adopted(QStringLiteral("shape"), static_cast<V8Fixture::Shape>(shape));
    QVERIFY2(adopted.isValid(), qPrintable(adopted.error()));
    const QMap<QString, int> before = counts(adopted.db());
    const DbError error = MigrationRunner(adopted.db(), bundled()).migrate();
    QVERIFY2(error.ok(), qPrintable(error.message));

    const QStringList expected = schemaOf(fresh.db());
    const QStringList actual = schemaOf(adopted.db());
    QVERIFY(expected.size() > 100);
    for (const QString &line : expected)
        QVERIFY2(actual.contains(line), qPrintable(QStringLiteral("adopted schema lacks: ") + line));
    for (const QString &line : actual)
        QVERIFY2(expected.contains(line), qPrintable(QStringLiteral("adopted schema has extra: ") + line));
    QCOMPARE(actual, expected);

    QMap<QString, int> after = counts(adopted.db());
    after[QStringLiteral("strategies")] -= 1; // Strategy 5
    QCOMPARE(after, before);
}

void TestAdopt::secondRunIsNoOp()
{
    Subject s(QStringLiteral("twice"), V8Fixture::Shape::Complete);
    QVERIFY2(s.isValid(), qPrintable(s.error()));
    QVERIFY(MigrationRunner(s.db(), bundled()).migrate().ok());
    const QByteArray first = dump(s.url());
    QVERIFY2(first.contains("CREATE TABLE public.analysis_jobs"), first.left(200).constData());
    QList<int> applied {-1};
    const DbError again = MigrationRunner(s.db(), bundled()).migrate(&applied);
    QVERIFY2(again.ok(), qPrintable(again.message));
    QVERIFY(applied.isEmpty());
    QCOMPARE(dump(s.url()), first);
}

void TestAdopt::halfAppliedV8MissingCoreColumnsStopsUnchanged()
{
    // A watchlist still keyed by v1's `symbol`: the script cannot invent tickers.
    Subject s(QStringLiteral("prev4"), V8Fixture::Shape::PreV4);
    QVERIFY2(s.isValid(), qPrintable(s.error()));
    const QByteArray before = dump(s.url());
    const DbError error = MigrationRunner(s.db(), bundled()).migrate();
    QVERIFY(!error.ok());
    QCOMPARE(error.kind, DbError::Kind::Migration);
    qInfo().noquote() << "refused as expected:" << error.message;
    QVERIFY2(error.message.contains(QLatin1String("watchlist.ticker")), qPrintable(error.message));
    QVERIFY2(error.message.contains(QLatin1String("not changed")), qPrintable(error.message));
    QCOMPARE(dump(s.url()), before);
}

void TestAdopt::failureMidwayLeavesDatabaseAsItWas()
{
    // A user's view on watchlist.created_at makes PostgreSQL refuse that column's type change,
    // late in the script: after the indexes went and jobs and results were converted.
    Subject s(QStringLiteral("midway"), V8Fixture::Shape::Complete);
    QVERIFY2(s.isValid(), qPrintable(s.error()));
    QVERIFY(rows(
        s.db(), QStringLiteral("CREATE VIEW watchlist_recent AS SELECT ticker, created_at FROM watchlist"))
                .isEmpty());
    const QByteArray before = dump(s.url());
    const QStringList schemaBefore = schemaOf(s.db());
    QVERIFY(before.contains("idx_analysis_ticker_date_strategy"));

    const DbError error = MigrationRunner(s.db(), bundled()).migrate();
    QVERIFY(!error.ok());
    qInfo().noquote() << "failed as expected:" << error.message;
    QVERIFY2(error.message.contains(QLatin1String("adopting the TheTool v8 database failed at statement")),
        qPrintable(error.message));
    QVERIFY2(error.message.contains(QLatin1String("not changed")), qPrintable(error.message));
    QCOMPARE(dump(s.url()), before);
    QCOMPARE(schemaOf(s.db()), schemaBefore);

    // Without the view the same database adopts.
    QVERIFY(rows(s.db(), QStringLiteral("DROP VIEW watchlist_recent")).isEmpty());
    const DbError retry = MigrationRunner(s.db(), bundled()).migrate();
    QVERIFY2(retry.ok(), qPrintable(retry.message));
}

void TestAdopt::adoptBackupExportsFirst()
{
    Subject s(QStringLiteral("backup"), V8Fixture::Shape::Complete);
    QVERIFY2(s.isValid(), qPrintable(s.error()));
    qputenv("ADOPT_BACKUP", "1");
    const DbError error = MigrationRunner(s.db(), bundled()).migrate();
    qunsetenv("ADOPT_BACKUP");
    QVERIFY2(error.ok(), qPrintable(error.message));
    const QStringList files =
        QDir(s.dataPath()).entryList({QStringLiteral("thetool-v8-backup-*.dump")}, QDir::Files);
    QCOMPARE(files.size(), 1);
    QFile file(QDir(s.dataPath()).filePath(files.first()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(5), QByteArray("PGDMP")); // pg_dump's custom format
    // The export holds the v8 data as it was (the index adoption drops is in it).
    QProcess list;
    list.start(QStringLiteral("pg_restore"), {QStringLiteral("--list"), file.fileName()});
    QVERIFY(list.waitForFinished(60000));
    QCOMPARE(list.exitCode(), 0);
    QVERIFY(list.readAllStandardOutput().contains("idx_analysis_ticker_date_strategy"));
}

void TestAdopt::migrateCommandAdopts()
{
    Subject s(QStringLiteral("command"), V8Fixture::Shape::Complete);
    QVERIFY2(s.isValid(), qPrintable(s.error()));
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DATABASE_URL"), s.url());
    environment.insert(QStringLiteral("DATA_PATH"), s.dataPath());
    environment.remove(QStringLiteral("ADOPT_BACKUP"));
    process.setProcessEnvironment(environment);
    process.start(
        qEnvironmentVariable("THETOOL_BIN"), {QStringLiteral("migrate"), QStringLiteral("--status")});
    QVERIFY(process.waitForFinished(120000));
    const QByteArray status = process.readAllStandardOutput();
    QVERIFY2(status.contains("v8 database: found (db_version 8)"), status.constData());
    QVERIFY2(status.contains("pending:     0001"), status.constData());
    process.start(qEnvironmentVariable("THETOOL_BIN"), {QStringLiteral("migrate")});
    QVERIFY(process.waitForFinished(120000));
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitCode() == 0, err.constData());
    QVERIFY2(err.contains("Back it up first"), err.constData());
    QVERIFY2(err.contains("adopted the TheTool v8 database"), err.constData());
    QCOMPARE(one(s.db(), QStringLiteral("SELECT count(*) FROM schema_migrations WHERE version = 1")),
        QStringLiteral("1"));
    QCOMPARE(one(s.db(), QStringLiteral("SELECT count(*) FROM analysis_results")), QStringLiteral("7"));
}

void TestAdopt::serveAdoptsAtStart()
{
    Subject s(QStringLiteral("serve"), V8Fixture::Shape::Complete);
    QVERIFY2(s.isValid(), qPrintable(s.error()));
    thetool::test::ServerProcess server;
    server.setEnv(QStringLiteral("DATABASE_URL"), s.url());
    QVERIFY2(server.start(60000), qPrintable(server.error()));
    const QByteArray log = server.output();
    QVERIFY2(log.contains("adopted the TheTool v8 database"), log.constData());
    const auto health = server.get("/health");
    QVERIFY(health.has_value());
    QCOMPARE(health->status, 200);
    QVERIFY(server.terminate());
    QCOMPARE(one(s.db(), QStringLiteral("SELECT count(*) FROM analysis_results")), QStringLiteral("7"));
    QCOMPARE(one(s.db(), QStringLiteral("SELECT count(*) FROM analysis_jobs WHERE status = 'failed'")),
        QStringLiteral("3"));
}

void TestAdopt::serveRefusesWhatItCannotAdopt()
{
    Subject s(QStringLiteral("serve_prev4"), V8Fixture::Shape::PreV4);
    QVERIFY2(s.isValid(), qPrintable(s.error()));
    const QByteArray before = dump(s.url());
    thetool::test::ServerProcess server;
    server.setEnv(QStringLiteral("DATABASE_URL"), s.url());
    QCOMPARE(server.runToExit(60000), 1);
    const QByteArray log = server.output();
    QVERIFY2(log.contains("watchlist.ticker"), log.constData());
    QCOMPARE(dump(s.url()), before);
}

QTEST_GUILESS_MAIN(TestAdopt)
#include "tst_adopt.moc"
