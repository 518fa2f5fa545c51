// Database administration through a real server and `thetool db`, on SQLite and PostgreSQL:
// backup and restore round-trip every table exactly (per-table checksums), a PostgreSQL
// export imported into a fresh database gives equal checksums, and so does a SQLite export
// imported into PostgreSQL (acceptance 4 of step 16); plus the status, tables, vacuum and
// audit routes, and the refusals (jobs running, bad uploads, non-empty targets).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

#include "tests/api/serverprocess.h"
#include "tests/support/testenv.h"

using thetool::test::PgTestDatabase;
using thetool::test::RawClient;
using thetool::test::ServerProcess;

namespace {

QJsonObject jsonOf(const RawClient::Response &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

// `thetool ARGS` with `env`: exit code; output to `out`.
int runThetool(const QProcessEnvironment &env, const QStringList &args, QByteArray *out = nullptr)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(qEnvironmentVariable("THETOOL_BIN"), args);
    if (!process.waitForFinished(120000))
        return -1;
    if (out)
        *out = process.readAllStandardOutput() + process.readAllStandardError();
    return process.exitCode();
}

QProcessEnvironment sqliteEnv(const QString &dataPath)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DATABASE_URL"));
    env.insert(QStringLiteral("DATA_PATH"), dataPath);
    return env;
}

QProcessEnvironment pgEnv(const PgTestDatabase &pg)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), pg.url().toString());
    env.insert(QStringLiteral("DATA_PATH"), QDir::tempPath());
    return env;
}

// table → {"rows", "checksum", "portable_checksum"} from `thetool db checksum --json`.
QJsonObject checksums(const QProcessEnvironment &env)
{
    QByteArray out;
    if (runThetool(env, {QStringLiteral("db"), QStringLiteral("checksum"), QStringLiteral("--json")}, &out)
        != 0)
        return {{QStringLiteral("error"), QString::fromUtf8(out)}};
    return QJsonDocument::fromJson(out).object();
}

// One field of every table: {"table": value}.
QJsonObject field(const QJsonObject &sums, const QString &name, const QStringList &skip = {})
{
    QJsonObject out;
    for (auto it = sums.constBegin(); it != sums.constEnd(); ++it) {
        if (!skip.contains(it.key()))
            out.insert(it.key(), it->toObject().value(name));
    }
    return out;
}

bool exec(QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery query(db);
    if (!query.prepare(sql)) {
        qWarning() << query.lastError().text();
        return false;
    }
    for (const QVariant &b : binds)
        query.addBindValue(b);
    if (!query.exec()) {
        qWarning() << sql << query.lastError().text();
        return false;
    }
    return true;
}

// Rows in every table with the awkward values: nulls, booleans, many-digit floats, unicode,
// quotes, timestamps with milliseconds, big integers.
bool seed(QSqlDatabase &db)
{
    const QVariant null = QVariant(QMetaType::fromType<QString>());
    bool ok = true;
    for (int i = 0; i < 30; ++i) {
        const QString job = QStringLiteral("job-%1").arg(i);
        ok = ok
            && exec(db,
                QStringLiteral(
                    "INSERT INTO analysis_jobs (job_id, status, total, completed, successful, errors, "
                    "tickers_json, created_at, updated_at, started_at, completed_at, strategy_id, kind, "
                    "cancel_requested, config_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {job, i % 3 ? QStringLiteral("completed") : QStringLiteral("failed"), 3, 3, 2,
                    QStringLiteral("[\"x \\\"quoted\\\"\"]"), QStringLiteral("[\"M&M.NS\",\"TCS.NS\"]"),
                    QStringLiteral("2026-01-%1T09:15:00.123Z").arg(i % 28 + 1, 2, 10, QLatin1Char('0')),
                    QStringLiteral("2026-01-%1T09:16:00.456Z").arg(i % 28 + 1, 2, 10, QLatin1Char('0')),
                    i % 2 ? null : QVariant(QStringLiteral("2026-01-02T03:04:05.006Z")), null, i % 5 + 1,
                    i % 4 ? QStringLiteral("analysis") : QStringLiteral("bulk_analysis"), i % 2 == 0,
                    QStringLiteral("{\"period\":\"1y\"}")});
        for (int t = 0; t < 3; ++t) {
            ok = ok
                && exec(db,
                    QStringLiteral(
                        "INSERT INTO analysis_results (ticker, symbol, name, score, verdict, entry, "
                        "stop_loss, "
                        "target, position_size, risk_reward_ratio, is_demo_data, raw_data, status, "
                        "created_at, "
                        "job_id, strategy_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    {QStringLiteral("T%1.NS").arg(t), QStringLiteral("T%1").arg(t),
                        QStringLiteral("Tata \u0915\u0902\u092a\u0928\u0940 'quoted' %1").arg(i),
                        72.123456789 + i * 0.001 + t, QStringLiteral("Buy"), 1234.56789 + i,
                        t ? null : QVariant(1100.1), 1400.987654321, i * 10, 2.3456789, t == 1,
                        QStringLiteral("{\"indicators\":[1.5,2.25],\"note\":\"\u00e9\"}"),
                        QStringLiteral("completed"), QStringLiteral("2026-01-05T10:00:%1.789Z").arg(t + 10),
                        job, i % 5 + 1});
            ok = ok
                && exec(db,
                    QStringLiteral(
                        "INSERT INTO job_logs (job_id, created_at, level, correlation_id, attempt, ticker, "
                        "message) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                    {job, QStringLiteral("2026-01-05T10:00:00.%1Z").arg(t * 111, 3, 10, QLatin1Char('0')),
                        QStringLiteral("info"), QStringLiteral("req-%1").arg(i), 1,
                        QStringLiteral("T%1.NS").arg(t),
                        QStringLiteral("line %1 with 'quotes' and \\ backslash").arg(t)});
        }
    }
    for (int d = 1; d <= 28; ++d) {
        ok = ok
            && exec(db,
                QStringLiteral("INSERT INTO price_bars (symbol, date, open, high, low, close, adj_close, "
                               "volume, source, "
                               "fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {QStringLiteral("M&M.NS"), QStringLiteral("2026-02-%1").arg(d, 2, 10, QLatin1Char('0')),
                    1000.0 / 3.0 + d, 1010.123456789012 + d, 990.000000000001 + d, 1005.5 + d,
                    d % 2 ? null : QVariant(0.1 + 0.2), qint64(9007199254740000LL) + d,
                    QStringLiteral("yahoo"), QStringLiteral("2026-02-28T16:00:00.000Z")});
    }
    ok = ok
        && exec(db, QStringLiteral("INSERT INTO watchlist_collections (name, description) VALUES (?, ?)"),
            {QStringLiteral("Banks \u20b9"), null});
    ok = ok
        && exec(db, QStringLiteral("INSERT INTO watchlist_collections (name, description) VALUES (?, ?)"),
            {QStringLiteral("IT"), QStringLiteral("tech")});
    ok = ok
        && exec(db,
            QStringLiteral("INSERT INTO watchlist (ticker, name, collection_id, last_job_id, notes) "
                           "SELECT ?, ?, id, ?, ? FROM watchlist_collections WHERE name = ?"),
            {QStringLiteral("HDFCBANK.NS"), QStringLiteral("HDFC"), QStringLiteral("job-1"),
                QStringLiteral("note\nnew line"), QStringLiteral("IT")});
    ok = ok
        && exec(db,
            QStringLiteral("INSERT INTO workers (worker_id, instance, hostname, pid, version, status, "
                           "current_job_id) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {QStringLiteral("w1"), QStringLiteral("host:1"), QStringLiteral("host"), 1,
                QStringLiteral("0.1.0"), QStringLiteral("idle"), null});
    ok = ok && exec(db, QStringLiteral("UPDATE strategies SET is_active = ? WHERE id = 4"), {false});
    return ok;
}

qint64 tableRows(const QJsonObject &sums, const QString &table)
{
    return sums.value(table).toObject().value(QStringLiteral("rows")).toInteger(-1);
}

} // namespace

class DbAdminTest : public QObject
{
    Q_OBJECT

private:
    // Seeds the server's database through a connection of the test's own.
    bool seedServer(ServerProcess &server, const PgTestDatabase *pg)
    {
        const QString name = QStringLiteral("seed");
        bool ok = false;
        {
            QSqlDatabase db;
            if (pg) {
                db = QSqlDatabase::database(pg->openConnection(name));
            } else {
                db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(server.dataPath() + QStringLiteral("/thetool.db"));
                db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
                db.open();
            }
            ok = db.isOpen() && seed(db);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        // Keys and their audit rows through the API.
        for (const char *scopes : {"read", "analyze"}) {
            const auto created = server.request("POST", "/api/admin/api-keys",
                server.authHeader() + "Content-Type: application/json\r\n",
                QByteArray("{\"name\":\"k-") + scopes + "\",\"scopes\":[\"" + scopes + "\"]}");
            ok = ok && created && created->status == 201;
        }
        return ok;
    }

private Q_SLOTS:
    void statusTablesVacuumAudit_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("pg") << true;
    }

    void statusTablesVacuumAudit()
    {
        QFETCH(bool, postgres);
        std::unique_ptr<PgTestDatabase> pg;
        ServerProcess server;
        if (postgres) {
            pg = std::make_unique<PgTestDatabase>(QStringLiteral("dbadmin_status"));
            QVERIFY2(pg->isValid(), qPrintable(pg->error()));
            server.setEnv(QStringLiteral("DATABASE_URL"), pg->url().toString());
        }
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(seedServer(server, pg.get()));

        auto status = server.get("/api/admin/db/status", server.authHeader());
        QVERIFY(status);
        QCOMPARE(status->status, 200);
        const QJsonObject s = jsonOf(*status);
        QCOMPARE(s.value(QStringLiteral("engine")).toString(),
            postgres ? QStringLiteral("postgresql") : QStringLiteral("sqlite"));
        QVERIFY(!s.value(QStringLiteral("server_version")).toString().isEmpty());
        QVERIFY(s.value(QStringLiteral("size_bytes")).toInteger() > 0);
        const QJsonObject m = s.value(QStringLiteral("migrations")).toObject();
        QVERIFY(m.value(QStringLiteral("compatible")).toBool());
        QCOMPARE(m.value(QStringLiteral("pending")).toArray().size(), 0);
        QCOMPARE(m.value(QStringLiteral("applied_latest")).toInt(),
            m.value(QStringLiteral("bundled_latest")).toInt());
        QCOMPARE(s.value(QStringLiteral("restore_supported")).toBool(), !postgres);

        auto tables = server.get("/api/admin/db/tables", server.authHeader());
        QVERIFY(tables);
        QCOMPARE(tables->status, 200);
        QMap<QString, qint64> rows;
        for (const QJsonValue &t : jsonOf(*tables).value(QStringLiteral("tables")).toArray()) {
            rows.insert(t[QStringLiteral("name")].toString(), t[QStringLiteral("rows")].toInteger());
            QCOMPARE(t[QStringLiteral("estimated")].toBool(), false); // small tables are counted
        }
        QCOMPARE(rows.value(QStringLiteral("analysis_results")), 90);
        QCOMPARE(rows.value(QStringLiteral("price_bars")), 28);
        QCOMPARE(rows.value(QStringLiteral("strategies")), 5);
        QVERIFY(!rows.contains(QStringLiteral("schema_migrations")));

        auto vacuum = server.request("POST", "/api/admin/db/vacuum", server.authHeader());
        QVERIFY(vacuum);
        QCOMPARE(vacuum->status, 200);
        QVERIFY(jsonOf(*vacuum).value(QStringLiteral("size_bytes_after")).toInteger() > 0);

        // Keyset pages over the audit: 2 key creations, status, tables, vacuum (newest first).
        auto page1 = server.get("/api/admin/audit?limit=2", server.authHeader());
        QVERIFY(page1);
        QCOMPARE(page1->status, 200);
        const QJsonObject p1 = jsonOf(*page1);
        const QJsonArray e1 = p1.value(QStringLiteral("entries")).toArray();
        QCOMPARE(e1.size(), 2);
        QCOMPARE(e1.at(0)[QStringLiteral("action")].toString(), QStringLiteral("db.vacuum"));
        QCOMPARE(e1.at(1)[QStringLiteral("action")].toString(), QStringLiteral("db.tables"));
        QCOMPARE(e1.at(0)[QStringLiteral("actor")].toString(), QStringLiteral("master"));
        const qint64 next = p1.value(QStringLiteral("next_before")).toInteger();
        QCOMPARE(next, e1.at(1)[QStringLiteral("id")].toInteger());
        auto page2 =
            server.get("/api/admin/audit?limit=10&before=" + QByteArray::number(next), server.authHeader());
        QVERIFY(page2);
        const QJsonObject p2 = jsonOf(*page2);
        QStringList actions;
        for (const QJsonValue &e : p2.value(QStringLiteral("entries")).toArray())
            actions.append(e[QStringLiteral("action")].toString());
        QCOMPARE(actions,
            QStringList({QStringLiteral("db.status"), QStringLiteral("api_key.create"),
                QStringLiteral("api_key.create")}));
        QVERIFY(p2.value(QStringLiteral("next_before")).isNull());
        // The first page's read left its own row.
        auto reads = server.get("/api/admin/audit?action=audit.read", server.authHeader());
        QVERIFY(reads);
        QCOMPARE(jsonOf(*reads).value(QStringLiteral("count")).toInt(), 2);
        auto bad = server.get("/api/admin/audit?limit=0", server.authHeader());
        QVERIFY(bad);
        QCOMPARE(bad->status, 400);
        if (postgres) {
            // Above the threshold PostgreSQL's planner estimate is shown, labelled as such.
            {
                const QString name = pg->openConnection(QStringLiteral("big"));
                QSqlDatabase db = QSqlDatabase::database(name);
                QVERIFY(exec(db,
                    QStringLiteral(
                        "INSERT INTO price_bars (symbol, date, open, high, low, close, volume, source) "
                        "SELECT 'BIG' || (g / 1000), DATE '2000-01-01' + (g % 1000), 1, 2, 0.5, 1.5, g, "
                        "'demo' "
                        "FROM generate_series(1, 150000) AS g"),
                    {}));
                QSqlQuery analyze(db);
                QVERIFY2(analyze.exec(QStringLiteral("ANALYZE price_bars")), qPrintable(analyze.lastError().text()));
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("big"));
            auto estimated = server.get("/api/admin/db/tables", server.authHeader());
            QVERIFY(estimated);
            bool seen = false;
            for (const QJsonValue &t : jsonOf(*estimated).value(QStringLiteral("tables")).toArray()) {
                if (t[QStringLiteral("name")].toString() != QLatin1String("price_bars"))
                    continue;
                seen = true;
                QVERIFY(t[QStringLiteral("estimated")].toBool());
                QVERIFY(t[QStringLiteral("rows")].toInteger() > 100000);
                QVERIFY(t[QStringLiteral("size_bytes")].toInteger() > 0);
            }
            QVERIFY(seen);
            auto restore = server.request("POST", "/api/admin/db/restore",
                server.authHeader() + "Content-Type: application/vnd.sqlite3\r\n", "SQLite format 3");
            QVERIFY(restore);
            QCOMPARE(restore->status, 409);
            QCOMPARE(jsonOf(*restore)[QStringLiteral("error")][QStringLiteral("code")].toString(),
                QStringLiteral("RESTORE_NOT_SUPPORTED"));
        }
        QVERIFY(server.terminate());
    }

    // Acceptance 4, SQLite: backup, change everything, restore → every table as backed up.
    void sqliteBackupRestoreRoundTrip()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(seedServer(server, nullptr));

        auto backup = server.request("POST", "/api/admin/db/backup", server.authHeader());
        QVERIFY(backup);
        QCOMPARE(backup->status, 200);
        QCOMPARE(backup->header("Content-Type"), QByteArray("application/vnd.sqlite3"));
        QVERIFY(backup->header("Content-Disposition").startsWith("attachment; filename=\"thetool-"));
        QVERIFY(backup->body.startsWith("SQLite format 3"));
        // No temporary file is left behind in the data folder.
        QCOMPARE(QDir(server.dataPath()).entryList({QStringLiteral("backup-*")}, QDir::Dirs).size(), 0);

        // The backup file's own checksums: the state to come back to.
        QTemporaryDir backupDir;
        QFile copy(backupDir.filePath(QStringLiteral("thetool.db")));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(backup->body);
        copy.close();
        const QJsonObject before = checksums(sqliteEnv(backupDir.path()));
        QVERIFY2(!before.contains(QStringLiteral("error")),
            qPrintable(before.value(QStringLiteral("error")).toString()));
        QCOMPARE(tableRows(before, QStringLiteral("analysis_results")), 90);
        QCOMPARE(tableRows(before, QStringLiteral("api_keys")), 2);

        // Change every table.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("change"));
            db.setDatabaseName(server.dataPath() + QStringLiteral("/thetool.db"));
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
            QVERIFY(db.open());
            QSqlQuery tables(
                QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                               "'sqlite_%' AND name <> 'schema_migrations'"),
                db);
            QStringList names;
            while (tables.next())
                names.append(tables.value(0).toString());
            QVERIFY(names.size() >= 11);
            QVERIFY(exec(db, QStringLiteral("PRAGMA foreign_keys = OFF"), {}));
            for (const QString &n : std::as_const(names))
                QVERIFY(exec(db, QStringLiteral("DELETE FROM \"%1\"").arg(n), {}));
            QVERIFY(exec(db,
                QStringLiteral("INSERT INTO analysis_jobs (job_id, status) VALUES ('later', 'completed')"),
                {}));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("change"));
        const QJsonObject changed = checksums(sqliteEnv(server.dataPath()));
        QCOMPARE(tableRows(changed, QStringLiteral("analysis_results")), 0);

        // Refusals change nothing: not SQLite, corrupt, not TheTool's, jobs running.
        QByteArray corrupt = backup->body;
        for (qsizetype i = 4096 + 100; i < corrupt.size(); i += 4096)
            corrupt.replace(i, 64, QByteArray(64, '\x5a'));
        QByteArray foreignDb;
        {
            QTemporaryDir dir;
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            db.setDatabaseName(dir.filePath(QStringLiteral("f.db")));
            QVERIFY(db.open());
            QVERIFY(exec(db, QStringLiteral("CREATE TABLE t (x INTEGER)"), {}));
            db.close();
            QFile f(dir.filePath(QStringLiteral("f.db")));
            QVERIFY(f.open(QIODevice::ReadOnly));
            foreignDb = f.readAll();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        const QList<std::pair<QByteArray, int>> refusals {{"", 400}, {"not a database", 422},
            {backup->body.left(backup->body.size() / 2), 422}, {corrupt, 422}, {foreignDb, 422}};
        for (const auto &[body, expected] : refusals) {
            auto answer = server.request("POST", "/api/admin/db/restore",
                server.authHeader() + "Content-Type: application/vnd.sqlite3\r\n", body);
            QVERIFY(answer);
            QVERIFY2(answer->status == expected, answer->body.constData());
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("job"));
            db.setDatabaseName(server.dataPath() + QStringLiteral("/thetool.db"));
            QVERIFY(db.open());
            QVERIFY(exec(db, QStringLiteral("UPDATE analysis_jobs SET status = 'processing'"), {}));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("job"));
        auto busy = server.request("POST", "/api/admin/db/restore",
            server.authHeader() + "Content-Type: application/vnd.sqlite3\r\n", backup->body);
        QVERIFY(busy);
        QCOMPARE(busy->status, 409);
        QCOMPARE(jsonOf(*busy)[QStringLiteral("error")][QStringLiteral("code")].toString(),
            QStringLiteral("JOBS_ACTIVE"));
        const QJsonObject afterRefusals = checksums(sqliteEnv(server.dataPath()));
        QCOMPARE(field(afterRefusals, QStringLiteral("rows"), {QStringLiteral("analysis_jobs")}),
            field(changed, QStringLiteral("rows"), {QStringLiteral("analysis_jobs")}));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("job"));
            db.setDatabaseName(server.dataPath() + QStringLiteral("/thetool.db"));
            QVERIFY(db.open());
            QVERIFY(exec(db, QStringLiteral("UPDATE analysis_jobs SET status = 'completed'"), {}));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("job"));

        auto restored = server.request("POST", "/api/admin/db/restore",
            server.authHeader() + "Content-Type: application/vnd.sqlite3\r\n", backup->body);
        QVERIFY(restored);
        QVERIFY2(restored->status == 200, restored->body.constData());
        const QString previous = jsonOf(*restored).value(QStringLiteral("previous_file")).toString();
        QVERIFY2(QFile::exists(previous), qPrintable(previous));
        QCOMPARE(QDir(server.dataPath()).entryList({QStringLiteral("restore-*")}, QDir::Dirs).size(), 0);

        // Every table exactly as backed up; admin_audit has gained the restore's own row.
        const QJsonObject after = checksums(sqliteEnv(server.dataPath()));
        QCOMPARE(field(after, QStringLiteral("checksum"), {QStringLiteral("admin_audit")}),
            field(before, QStringLiteral("checksum"), {QStringLiteral("admin_audit")}));
        QCOMPARE(tableRows(after, QStringLiteral("admin_audit")),
            tableRows(before, QStringLiteral("admin_audit")) + 1);
        // The server goes on working on the restored data (its connections see it).
        auto keys = server.get("/api/admin/api-keys", server.authHeader());
        QVERIFY(keys);
        QCOMPARE(jsonOf(*keys).value(QStringLiteral("count")).toInt(), 2);
        auto audit = server.get("/api/admin/audit?action=db.restore", server.authHeader());
        QVERIFY(audit);
        QCOMPARE(jsonOf(*audit).value(QStringLiteral("count")).toInt(), 1);
        QVERIFY(server.terminate());
    }

    // Acceptance 4, PostgreSQL: the server's export imported with `thetool db import` into a
    // fresh database gives the same checksums; the import refuses a non-empty database.
    void postgresExportImportRoundTrip()
    {
        PgTestDatabase source(QStringLiteral("dbadmin_pg_source"));
        QVERIFY2(source.isValid(), qPrintable(source.error()));
        ServerProcess server;
        server.setEnv(QStringLiteral("DATABASE_URL"), source.url().toString());
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(seedServer(server, &source));
        const QJsonObject before = checksums(pgEnv(source));
        QVERIFY2(!before.contains(QStringLiteral("error")),
            qPrintable(before.value(QStringLiteral("error")).toString()));

        auto backup = server.request("POST", "/api/admin/db/backup", server.authHeader());
        QVERIFY(backup);
        QCOMPARE(backup->status, 200);
        QCOMPARE(backup->header("Content-Type"), QByteArray("application/x-ndjson"));
        QVERIFY(backup->body.startsWith("{\"created_at\"")
            || backup->body.contains("\"format\":\"thetool-export\""));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("pg.jsonl"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(backup->body);
        out.close();
        QVERIFY(server.terminate());

        PgTestDatabase target(QStringLiteral("dbadmin_pg_target"));
        QVERIFY2(target.isValid(), qPrintable(target.error()));
        QByteArray output;
        QCOMPARE(runThetool(pgEnv(target), {QStringLiteral("migrate")}, &output), 0);
        // A truncated file is refused and leaves the target empty.
        const QString truncated = dir.filePath(QStringLiteral("truncated.jsonl"));
        QFile cut(truncated);
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(backup->body.left(backup->body.size() * 2 / 3));
        cut.close();
        QCOMPARE(
            runThetool(pgEnv(target), {QStringLiteral("db"), QStringLiteral("import"), truncated}, &output),
            2);
        QVERIFY2(output.contains("truncated") || output.contains("line"), output.constData());
        QCOMPARE(tableRows(checksums(pgEnv(target)), QStringLiteral("analysis_results")), 0);

        QVERIFY2(
            runThetool(pgEnv(target), {QStringLiteral("db"), QStringLiteral("import"), file}, &output) == 0,
            output.constData());
        QVERIFY2(output.contains("checksums equal (exact)"), output.constData());
        // Equal to the export's own per-table checksums (its trailer) and, table by table, to
        // the source as it was before the backup request.
        const QList<QByteArray> lines = backup->body.trimmed().split('\n');
        const QJsonObject trailer =
            QJsonDocument::fromJson(lines.last()).object().value(QStringLiteral("tables")).toObject();
        QVERIFY(trailer.size() >= 11);
        const QJsonObject after = checksums(pgEnv(target));
        QCOMPARE(field(after, QStringLiteral("checksum")), field(trailer, QStringLiteral("checksum")));
        QCOMPARE(field(after, QStringLiteral("checksum")), field(before, QStringLiteral("checksum")));
        QCOMPARE(tableRows(after, QStringLiteral("job_logs")), 90);

        // Sequences moved past the imported ids: new rows get fresh ids.
        {
            const QString name = target.openConnection(QStringLiteral("seq"));
            QSqlDatabase db = QSqlDatabase::database(name);
            QVERIFY(exec(db, QStringLiteral("INSERT INTO watchlist_collections (name) VALUES ('new')"), {}));
            QVERIFY(exec(db,
                QStringLiteral(
                    "INSERT INTO analysis_results (ticker, score, verdict) VALUES ('X', 1, 'Buy')"),
                {}));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("seq"));
        // Not empty any more: refused with a clear message.
        QCOMPARE(
            runThetool(pgEnv(target), {QStringLiteral("db"), QStringLiteral("import"), file}, &output), 2);
        QVERIFY2(output.contains("not empty"), output.constData());
    }

    // Acceptance 4, local work to production: a SQLite export imported into PostgreSQL.
    void sqliteExportImportsIntoPostgres()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(seedServer(server, nullptr));
        QVERIFY(server.terminate());
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("local.jsonl"));
        QByteArray output;
        QVERIFY2(runThetool(sqliteEnv(server.dataPath()),
                     {QStringLiteral("db"), QStringLiteral("export"), file}, &output)
                == 0,
            output.constData());
        const QJsonObject local = checksums(sqliteEnv(server.dataPath()));
        QCOMPARE(tableRows(local, QStringLiteral("price_bars")), 28);
        QCOMPARE(tableRows(local, QStringLiteral("api_key_audit")), 2);

        PgTestDatabase target(QStringLiteral("dbadmin_sqlite_to_pg"));
        QVERIFY2(target.isValid(), qPrintable(target.error()));
        // Not migrated yet: refused.
        QCOMPARE(
            runThetool(pgEnv(target), {QStringLiteral("db"), QStringLiteral("import"), file}, &output), 2);
        QVERIFY2(output.contains("not migrated"), output.constData());
        QCOMPARE(runThetool(pgEnv(target), {QStringLiteral("migrate")}, &output), 0);
        QVERIFY2(
            runThetool(pgEnv(target), {QStringLiteral("db"), QStringLiteral("import"), file}, &output) == 0,
            output.constData());
        QVERIFY2(output.contains("checksums equal (portable)"), output.constData());
        const QJsonObject production = checksums(pgEnv(target));
        QCOMPARE(field(production, QStringLiteral("portable_checksum")),
            field(local, QStringLiteral("portable_checksum")));
        QCOMPARE(field(production, QStringLiteral("rows")), field(local, QStringLiteral("rows")));

        // And back: PostgreSQL's export into a fresh SQLite database.
        const QString back = dir.filePath(QStringLiteral("back.jsonl"));
        QVERIFY2(
            runThetool(pgEnv(target), {QStringLiteral("db"), QStringLiteral("export"), back}, &output) == 0,
            output.constData());
        QTemporaryDir fresh;
        QCOMPARE(runThetool(sqliteEnv(fresh.path()), {QStringLiteral("migrate")}, &output), 0);
        QVERIFY2(runThetool(
                     sqliteEnv(fresh.path()), {QStringLiteral("db"), QStringLiteral("import"), back}, &output)
                == 0,
            output.constData());
        QCOMPARE(field(checksums(sqliteEnv(fresh.path())), QStringLiteral("portable_checksum")),
            field(local, QStringLiteral("portable_checksum")));
    }
};

QTEST_GUILESS_MAIN(DbAdminTest)
#include "tst_dbadmin.moc"
