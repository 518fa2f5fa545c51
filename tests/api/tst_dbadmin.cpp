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

#include "tests/api/dbadmintools.h"
#include "tests/api/serverprocess.h"
#include "tests/support/testenv.h"

using thetool::test::PgTestDatabase;
using namespace thetool::test::dbadmin;
using thetool::test::RawClient;
using thetool::test::ServerProcess;

namespace {

QJsonObject jsonOf(const RawClient::Response &response)
{
    return QJsonDocument::fromJson(response.body).object();
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
                QVERIFY2(analyze.exec(QStringLiteral("ANALYZE price_bars")),
                    qPrintable(analyze.lastError().text()));
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

        // The portable export from the same server: the same tables and rows (admin_audit
        // has gained the backup's row in between), and a bad format is refused.
        auto exported = server.request("POST", "/api/admin/db/backup?format=export", server.authHeader());
        QVERIFY(exported);
        QCOMPARE(exported->status, 200);
        QCOMPARE(exported->header("Content-Type"), QByteArray("application/x-ndjson"));
        const QJsonObject trailer = QJsonDocument::fromJson(exported->body.trimmed().split('\n').last())
                                        .object()
                                        .value(QStringLiteral("tables"))
                                        .toObject();
        QCOMPARE(field(trailer, QStringLiteral("checksum"), {QStringLiteral("admin_audit")}),
            field(before, QStringLiteral("checksum"), {QStringLiteral("admin_audit")}));
        auto badFormat = server.request("POST", "/api/admin/db/backup?format=tar", server.authHeader());
        QVERIFY(badFormat);
        QCOMPARE(badFormat->status, 400);

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
