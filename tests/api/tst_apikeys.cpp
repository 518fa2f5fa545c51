// API keys through a real `thetool serve` and `thetool api-key`, on SQLite and on
// PostgreSQL (every test has a row per database).
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QThread>

#include <memory>

#include "backend/db/database.h"
#include "backend/repo/sqlsupport.h"
#include "tests/api/serverprocess.h"
#include "tests/support/testenv.h"

using thetool::test::RawClient;
using thetool::test::ServerProcess;

namespace {

// The revocation delay the server states (DatabaseKeyAuthenticator's cache TTL).
constexpr int revocationDelayMs = 5000;

QJsonObject jsonOf(const RawClient::Response &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QByteArray keyHeader(const QString &key)
{
    return "X-API-Key: " + key.toUtf8() + "\r\n";
}

// A server on this row's database: SQLite in its data folder, or a PostgreSQL database of
// its own.
struct Fixture {
    std::unique_ptr<thetool::test::PgTestDatabase> pg;
    ServerProcess server;

    explicit Fixture(const QString &name)
    {
        if (QByteArray(QTest::currentDataTag()) == "pg") {
            pg = std::make_unique<thetool::test::PgTestDatabase>(QStringLiteral("apikeys_") + name);
            server.setEnv(QStringLiteral("DATABASE_URL"), pg->url().toString());
        }
    }
    bool valid() const { return !pg || pg->isValid(); }
    QString error() const { return pg ? pg->error() : QString(); }

    std::optional<RawClient::Response> createKey(const QJsonObject &body, const QByteArray &auth = {})
    {
        return server.request("POST", "/api/admin/api-keys",
            (auth.isEmpty() ? server.authHeader() : auth) + "Content-Type: application/json\r\n",
            QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    // `thetool api-key ARGS` on the server's database: exit code, stdout + stderr.
    int cli(const QStringList &args, QByteArray *output)
    {
        QProcess process;
        process.setProcessEnvironment(server.environment());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(qEnvironmentVariable("THETOOL_BIN"), QStringList {QStringLiteral("api-key")} + args);
        if (!process.waitForFinished(60000))
            return -1;
        *output = process.readAll();
        return process.exitCode();
    }

    thetool::db::DatabaseOptions databaseOptions() const
    {
        thetool::db::DatabaseOptions options;
        if (pg)
            options.url = pg->url().toString();
        else
            options.dataPath = server.dataPath();
        return options;
    }
};

void addDialectRows()
{
    QTest::addColumn<bool>("unused");
    QTest::newRow("sqlite") << true;
    QTest::newRow("pg") << true;
}

} // namespace

class TestApiKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createdKeyWorksWithinItsScope_data() { addDialectRows(); }
    void createdKeyWorksWithinItsScope()
    {
        Fixture f(QStringLiteral("scope"));
        QVERIFY2(f.valid(), qPrintable(f.error()));
        f.server.setEnv(QStringLiteral("WORKERS"), QStringLiteral("0"));
        QVERIFY2(f.server.start(), qPrintable(f.server.error()));

        QHash<QString, QString> keys;
        for (const QString &scope :
            {QStringLiteral("read"), QStringLiteral("analyze"), QStringLiteral("admin")}) {
            const auto created =
                f.createKey({{QStringLiteral("name"), QString(QStringLiteral("key-") + scope)},
                    {QStringLiteral("scopes"), QJsonArray {scope}}});
            QVERIFY(created);
            QCOMPARE(created->status, 201);
            const QJsonObject body = jsonOf(*created);
            const QString key = body.value(QStringLiteral("key")).toString();
            QVERIFY2(key.startsWith(QStringLiteral("tt_")), created->body.constData());
            QCOMPARE(body.value(QStringLiteral("scopes")).toArray(), QJsonArray {scope});
            QVERIFY(body.value(QStringLiteral("id")).toInteger() > 0);
            QVERIFY(!body.contains(QStringLiteral("key_hash")));
            keys.insert(scope, key);
        }
        // Every key reads; only admin reaches /api/admin/*.
        for (const QString &scope : keys.keys()) {
            const auto config = f.server.get("/config", keyHeader(keys.value(scope)));
            QVERIFY(config);
            QCOMPARE(config->status, 200);
            const auto admin = f.server.get("/api/admin/api-keys", keyHeader(keys.value(scope)));
            QVERIFY(admin);
            QCOMPARE(admin->status, scope == QLatin1String("admin") ? 200 : 403);
            if (admin->status == 403)
                QCOMPARE(
                    jsonOf(*admin).value(QStringLiteral("error")).toObject().value(QStringLiteral("code")),
                    QStringLiteral("FORBIDDEN"));
        }
        // Only analyze and admin keys create jobs (an analyze route); the body is valid, so
        // anything but 403 is the job being accepted. WORKERS=0 keeps it queued.
        for (const QString &scope : keys.keys()) {
            const auto analyze = f.server.request("POST", "/api/analysis/analyze",
                keyHeader(keys.value(scope)) + "Content-Type: application/json\r\n",
                R"({"tickers": ["TCS.NS"], "use_demo_data": true, "force": true})");
            QVERIFY(analyze);
            QCOMPARE(analyze->status, scope == QLatin1String("read") ? 403 : 201);
            if (analyze->status == 403)
                QCOMPARE(
                    jsonOf(*analyze).value(QStringLiteral("error")).toObject().value(QStringLiteral("code")),
                    QStringLiteral("FORBIDDEN"));
        }
        // A read key cannot create keys either.
        const auto denied = f.createKey({{QStringLiteral("name"), QStringLiteral("sneaky")}},
            keyHeader(keys.value(QStringLiteral("read"))));
        QVERIFY(denied);
        QCOMPARE(denied->status, 403);
        // The list never shows a key or a hash.
        const auto list = f.server.get("/api/admin/api-keys", f.server.authHeader());
        QVERIFY(list);
        QCOMPARE(list->status, 200);
        QCOMPARE(jsonOf(*list).value(QStringLiteral("count")).toInt(), 3);
        for (const QString &key : keys)
            QVERIFY(!list->body.contains(key.toUtf8()));
        QVERIFY(!list->body.contains("key_hash"));
        const QJsonObject first = jsonOf(*list).value(QStringLiteral("api_keys")).toArray().at(0).toObject();
        for (const char *field :
            {"id", "name", "scopes", "created_at", "last_used_at", "revoked_at", "revoked"})
            QVERIFY2(first.contains(QLatin1String(field)), field);
        QVERIFY(f.server.terminate());
    }

    void revokedKeyIsRefused_data() { addDialectRows(); }
    void revokedKeyIsRefused()
    {
        Fixture f(QStringLiteral("revoke"));
        QVERIFY2(f.valid(), qPrintable(f.error()));
        QVERIFY2(f.server.start(), qPrintable(f.server.error()));

        // Through the route: this instance forgets the key at once.
        auto created = f.createKey({{QStringLiteral("name"), QStringLiteral("by-route")}});
        QVERIFY(created && created->status == 201);
        const QString routeKey = jsonOf(*created).value(QStringLiteral("key")).toString();
        const qint64 routeId = jsonOf(*created).value(QStringLiteral("id")).toInteger();
        QCOMPARE(f.server.get("/config", keyHeader(routeKey))->status, 200);
        const QByteArray target = "/api/admin/api-keys/" + QByteArray::number(routeId);
        auto revoked = f.server.request("DELETE", target, f.server.authHeader());
        QVERIFY(revoked);
        QCOMPARE(revoked->status, 200);
        QCOMPARE(jsonOf(*revoked).value(QStringLiteral("revoked")).toBool(), true);
        auto refused = f.server.get("/config", keyHeader(routeKey));
        QCOMPARE(refused->status, 401);
        QCOMPARE(f.server.request("DELETE", target, f.server.authHeader())->status, 409);
        QCOMPARE(
            f.server.request("DELETE", "/api/admin/api-keys/987654", f.server.authHeader())->status, 404);
        QCOMPARE(f.server.request("DELETE", "/api/admin/api-keys/abc", f.server.authHeader())->status, 400);

        // Through the command line (another process): refused within the stated delay.
        created = f.createKey({{QStringLiteral("name"), QStringLiteral("by-cli")}});
        QVERIFY(created && created->status == 201);
        const QString cliKey = jsonOf(*created).value(QStringLiteral("key")).toString();
        const qint64 cliId = jsonOf(*created).value(QStringLiteral("id")).toInteger();
        QCOMPARE(f.server.get("/config", keyHeader(cliKey))->status, 200); // now cached
        QByteArray output;
        QCOMPARE(f.cli({QStringLiteral("revoke"), QString::number(cliId)}, &output), 0);
        QVERIFY2(output.contains("revoked API key"), output.constData());
        QElapsedTimer sinceRevoke;
        sinceRevoke.start();
        int status = 0;
        while (sinceRevoke.elapsed() < revocationDelayMs + 3000) {
            status = f.server.get("/config", keyHeader(cliKey))->status;
            if (status == 401)
                break;
            QThread::msleep(200);
        }
        QCOMPARE(status, 401);
        QVERIFY(f.server.terminate());
    }

    void duplicateThroughRouteIs409_data() { addDialectRows(); }
    void duplicateThroughRouteIs409()
    {
        Fixture f(QStringLiteral("duplicate"));
        QVERIFY2(f.valid(), qPrintable(f.error()));
        QVERIFY2(f.server.start(), qPrintable(f.server.error()));
        const QJsonObject body {{QStringLiteral("name"), QStringLiteral("deploy")},
            {QStringLiteral("scopes"), QStringLiteral("read,analyze")}};
        QCOMPARE(f.createKey(body)->status, 201);
        const auto second = f.createKey(body);
        QVERIFY(second);
        QCOMPARE(second->status, 409);
        QVERIFY(second->header("Content-Type").startsWith("application/json"));
        const QJsonObject error = jsonOf(*second).value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("CONFLICT"));
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("'deploy'")),
            second->body.constData());
        // Bad input is a 400, not a database error.
        QCOMPARE(f.createKey({{QStringLiteral("name"), QStringLiteral("x")},
                                 {QStringLiteral("scopes"), QStringLiteral("root")}})
                     ->status,
            400);
        QCOMPARE(f.createKey({{QStringLiteral("scopes"), QStringLiteral("read")}})->status, 400);
        QVERIFY(f.server.terminate());
    }

    void commandLineAndStoredColumns_data() { addDialectRows(); }
    void commandLineAndStoredColumns()
    {
        Fixture f(QStringLiteral("cli"));
        QVERIFY2(f.valid(), qPrintable(f.error()));
        QByteArray output;
        QCOMPARE(f.cli({QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("nightly"),
                           QStringLiteral("--scopes"), QStringLiteral("read,analyze")},
                     &output),
            0);
        const qsizetype at = output.indexOf("key: ");
        QVERIFY2(at >= 0, output.constData());
        const QString cliKey = QString::fromUtf8(output.mid(at + 5, output.indexOf('\n', at) - at - 5));
        QVERIFY(cliKey.startsWith(QStringLiteral("tt_")));
        QCOMPARE(
            f.cli({QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("nightly")}, &output),
            1);
        QVERIFY2(output.contains("already exists"), output.constData());
        QCOMPARE(f.cli({QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("x"),
                           QStringLiteral("--scopes"), QStringLiteral("superuser")},
                     &output),
            2);
        QCOMPARE(f.cli({QStringLiteral("revoke"), QStringLiteral("nope")}, &output), 2);
        QCOMPARE(f.cli({QStringLiteral("frobnicate")}, &output), 2);

        QVERIFY2(f.server.start(), qPrintable(f.server.error()));
        const auto created = f.createKey({{QStringLiteral("name"), QStringLiteral("route")}});
        QVERIFY(created && created->status == 201);
        const QString routeKey = jsonOf(*created).value(QStringLiteral("key")).toString();
        QCOMPARE(f.server.get("/config", keyHeader(cliKey))->status, 200);
        QCOMPARE(f.server.get("/config", keyHeader(routeKey))->status, 200);
        QVERIFY(f.server.terminate()); // flushes the last-use batch

        QCOMPARE(f.cli({QStringLiteral("list")}, &output), 0);
        QVERIFY(output.contains("nightly") && output.contains("route"));
        QVERIFY(!output.contains(cliKey.toUtf8()) && !output.contains(routeKey.toUtf8()));

        // No table holds a plaintext key: every column of api_keys and api_key_audit.
        thetool::db::DbError error;
        auto database = thetool::db::Database::create(f.databaseOptions(), &error);
        QVERIFY2(database, qPrintable(error.message));
        int values = 0;
        int lastUsed = 0;
        QStringList leaks;
        for (const QString &table :
            {QStringLiteral("api_keys"), QStringLiteral("api_key_audit"), QStringLiteral("admin_audit")}) {
            error = thetool::repo::runBound(
                *database, QStringLiteral("SELECT * FROM ") + table, {}, [&](const QSqlQuery &row) {
                    const QSqlRecord record = row.record();
                    for (int i = 0; i < record.count(); ++i) {
                        const QString value = row.value(i).toString();
                        ++values;
                        if (value.contains(cliKey) || value.contains(routeKey)
                            || value.contains(cliKey.mid(3)) || value.contains(routeKey.mid(3)))
                            leaks.append(table + QLatin1Char('.') + record.fieldName(i));
                        if (table == QLatin1String("api_keys")
                            && record.fieldName(i) == QLatin1String("last_used_at") && !row.value(i).isNull())
                            ++lastUsed;
                    }
                });
            QVERIFY2(!error, qPrintable(error.message));
        }
        QVERIFY(values > 0);
        QVERIFY2(
            leaks.isEmpty(), qPrintable(QStringLiteral("plaintext key in ") + leaks.join(QLatin1Char(','))));
        QCOMPARE(lastUsed, 2); // both keys' use was written, in the shutdown batch
        database->releaseThreadConnection();
    }
};

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_apikeys.moc"
