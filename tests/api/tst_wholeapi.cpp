// The whole API from its route table (`thetool routes --json`), so routes added later are
// covered without editing this file: the OpenAPI document agrees with the table (acceptance
// 1 of step 16), every protected route answers 401 without a key and 403 with a key lacking
// its scope (2), and every route taking a body or path parameters survives hostile input
// without a 5xx, a crash, or a row written for a rejected request (3). Built twice: on
// SQLite (tst_wholeapi) and on PostgreSQL (tst_wholeapi_pg, THETOOL_WHOLEAPI_PG=1).
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

#include <memory>

#include "tests/api/routetable.h"
#include "tests/api/serverprocess.h"
#include "tests/support/testenv.h"

using thetool::test::RawClient;
using thetool::test::RouteEntry;
using thetool::test::ServerProcess;

namespace {

QString openApiFile()
{
    return thetool::test::sourceDir() + QStringLiteral("/docs/openapi.yaml");
}

// Differences between the route table and the document, one line each.
QStringList compare(const QList<RouteEntry> &routes, const QMap<QString, QString> &documented)
{
    QStringList problems;
    QMap<QString, QString> table;
    for (const RouteEntry &r : routes)
        table.insert(r.key(), r.scope);
    for (auto it = table.cbegin(); it != table.cend(); ++it) {
        if (!documented.contains(it.key()))
            problems.append(QStringLiteral("%1 is served but not in docs/openapi.yaml").arg(it.key()));
        else if (documented.value(it.key()) != it.value())
            problems.append(QStringLiteral("%1: the server needs scope '%2', docs/openapi.yaml says '%3'")
                                .arg(it.key(), it.value(), documented.value(it.key())));
    }
    for (auto it = documented.cbegin(); it != documented.cend(); ++it) {
        if (!table.contains(it.key()))
            problems.append(QStringLiteral("%1 is in docs/openapi.yaml but not served").arg(it.key()));
    }
    return problems;
}

QByteArray keyHeader(const QString &key)
{
    return "X-API-Key: " + key.toUtf8() + "\r\n";
}

bool bodyMethod(const QString &method)
{
    return method == QLatin1String("POST") || method == QLatin1String("PUT")
        || method == QLatin1String("PATCH") || method == QLatin1String("DELETE");
}

// Hostile JSON bodies: malformed, wrong types, missing fields, nulls, huge numbers, 10 KB
// strings, deep nesting, invalid UTF-8, SQL and path traversal.
QList<std::pair<QByteArray, QByteArray>> hostileBodies()
{
    const QByteArray big(10 * 1024, 'A');
    const QByteArray deep = QByteArray(5000, '[') + QByteArray(5000, ']');
    const QList<QByteArray> fields {"tickers", "ticker", "strategy_id", "name", "scopes", "use_demo_data",
        "force", "collection_id", "description", "notes", "period", "days", "limit", "job_id", "symbol",
        "capital", "config"};
    QList<std::pair<QByteArray, QByteArray>> bodies {
        {"empty", ""},
        {"truncated object", "{"},
        {"missing value", "{\"name\":}"},
        {"truncated array", "[1,2"},
        {"bare word", "nul"},
        {"string", "\"text\""},
        {"array", "[]"},
        {"number", "42"},
        {"null", "null"},
        {"empty object", "{}"},
        {"deep nesting", deep},
        {"deep object", QByteArray(3000, ' ').replace(' ', "{\"a\":") + "1" + QByteArray(3000, '}')},
        {"invalid utf-8", "{\"name\":\"\xff\xfe\xc3\x28\",\"tickers\":[\"\xc0\xaf\"]}"},
        {"nul byte", QByteArray("{\"name\":\"a\0b\"}", 14)},
        {"duplicate keys", "{\"name\":\"a\",\"name\":7}"},
        {"trailing garbage", "{\"name\":\"a\"} junk"},
    };
    const QList<std::pair<QByteArray, QByteArray>> values {
        {"null", "null"},
        {"number", "12345"},
        {"negative", "-1"},
        {"huge", "1e308"},
        {"overflow", "1e400"},
        {"huge integer", "99999999999999999999999999"},
        {"fraction", "0.5"},
        {"bool", "true"},
        {"string", "\"x\""},
        {"10 KB string", "\"" + big + "\""},
        {"object", "{\"a\":1}"},
        {"array of mixed", "[1,\"a\",null,{},[]]"},
        {"10 KB array item", "[\"" + big + "\"]"},
        {"sql", "\"'; DROP TABLE analysis_jobs; --\""},
        {"sql in list", "[\"x' OR '1'='1\", \"1; DELETE FROM api_keys\"]"},
        {"path traversal", "\"../../../../etc/passwd\""},
        {"path traversal list", "[\"..\\\\..\\\\windows\\\\win.ini\", \"/etc/shadow\", \"%2e%2e%2f\"]"},
    };
    for (const auto &[label, value] : values) {
        QByteArray object = "{";
        for (qsizetype i = 0; i < fields.size(); ++i)
            object += (i ? "," : "") + QByteArray("\"") + fields.at(i) + "\":" + value;
        bodies.append({"every field " + label, object + "}"});
    }
    return bodies;
}

// Path parameter values, percent-encoded as a client would send them.
QList<std::pair<QByteArray, QByteArray>> hostileParameters()
{
    return {
        {"traversal", QUrl::toPercentEncoding(QStringLiteral("../../etc/passwd"))},
        {"encoded traversal", "..%252f..%252fetc%252fpasswd"},
        {"sql", QUrl::toPercentEncoding(QStringLiteral("1' OR '1'='1"))},
        {"sql drop", QUrl::toPercentEncoding(QStringLiteral("x; DROP TABLE api_keys; --"))},
        {"huge number", "99999999999999999999999999"},
        {"negative", "-1"},
        {"zero", "0"},
        {"nul byte", "a%00b"},
        {"invalid utf-8", "%ff%fe%c3%28"},
        {"long", QByteArray(4000, 'x')},
        {"unicode", QUrl::toPercentEncoding(QStringLiteral("M&M.NS\u00e9\u4e2d"))},
    };
}

} // namespace

class WholeApiTest : public QObject
{
    Q_OBJECT

private:
    thetool::test::RouteTable m_table;
    std::unique_ptr<thetool::test::PgTestDatabase> m_pg;
    std::unique_ptr<ServerProcess> m_server;
    QString m_readKey;
    QString m_analyzeKey;
    QString m_connection;

    QString createKey(const QByteArray &scopes)
    {
        const auto answer = m_server->request("POST", "/api/admin/api-keys",
            m_server->authHeader() + "Content-Type: application/json\r\n",
            "{\"name\":\"whole-api-" + scopes + "\",\"scopes\":[\"" + scopes + "\"]}");
        if (!answer || answer->status != 201)
            return {};
        return QJsonDocument::fromJson(answer->body).object().value(QStringLiteral("key")).toString();
    }

    QMap<QString, qint64> rowCounts()
    {
        QMap<QString, qint64> counts;
        QSqlDatabase db = QSqlDatabase::database(m_connection);
        QSqlQuery tables(m_pg
                ? QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                 "current_schema() AND table_type = 'BASE TABLE'")
                : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"),
            db);
        QStringList names;
        while (tables.next())
            names.append(tables.value(0).toString());
        for (const QString &name : std::as_const(names)) {
            QSqlQuery count(QStringLiteral("SELECT COUNT(*) FROM \"%1\"").arg(name), db);
            counts.insert(name, count.next() ? count.value(0).toLongLong() : -1);
        }
        return counts;
    }

    // After an accepted request: jobs it may have queued are cancelled and the database is
    // left to go quiet, so background work cannot be mistaken for a rejected request's write.
    void settle()
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection);
        QSqlQuery(
            QStringLiteral("UPDATE analysis_jobs SET status = 'cancelled' WHERE status = 'queued'"), db);
        // As JobQueue::cancel does: status and flag together. The flag alone leaves a job
        // "processing" that its worker has left, which the lease reaper queues again.
        QSqlQuery flag(db);
        flag.prepare(QStringLiteral("UPDATE analysis_jobs SET status = 'cancelled', cancel_requested = ? "
                                    "WHERE status = 'processing'"));
        flag.addBindValue(true);
        flag.exec();
        QMap<QString, qint64> last = rowCounts();
        for (int i = 0; i < 200; ++i) { // at most about a minute
            QTest::qWait(300);
            QSqlQuery active(
                QStringLiteral("SELECT COUNT(*) FROM analysis_jobs WHERE status IN ('queued', 'processing')"),
                db);
            const bool idle = active.next() && active.value(0).toInt() == 0;
            const QMap<QString, qint64> now = rowCounts();
            if (idle && now == last)
                return;
            last = now;
        }
        QFAIL("jobs created by an accepted fuzz request did not stop");
    }

    // One hostile request: never a 5xx or a dropped connection; a rejected one writes nothing.
    void expectSafe(
        const QByteArray &method, const QByteArray &target, const QByteArray &body, const QByteArray &what)
    {
        const QMap<QString, qint64> before = rowCounts();
        const auto answer = m_server->request(method, target,
            m_server->authHeader()
                + (body.isNull() ? QByteArray() : QByteArray("Content-Type: application/json\r\n")),
            body);
        QVERIFY2(answer.has_value(),
            QByteArray(method + ' ' + target.left(120) + " [" + what + "]: no answer (crash?)").constData());
        QVERIFY2(answer->status < 500,
            QByteArray(method + ' ' + target.left(120) + " [" + what
                + "]: " + QByteArray::number(answer->status) + ' ' + answer->body.left(300))
                .constData());
        if (answer->status < 400) {
            settle();
        } else {
            const QMap<QString, qint64> after = rowCounts();
            QVERIFY2(after == before,
                QByteArray(
                    method + ' ' + target.left(120) + " [" + what + "] was rejected but changed row counts")
                    .constData());
            QVERIFY2(QJsonDocument::fromJson(answer->body).object().contains(QStringLiteral("error")),
                QByteArray(
                    method + ' ' + target.left(120) + " [" + what + "]: error without the JSON envelope")
                    .constData());
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_table = thetool::test::loadRouteTable();
        QVERIFY2(m_table.error.isEmpty(), qPrintable(m_table.error));
        m_server = std::make_unique<ServerProcess>();
        m_server->setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
        // An accepted fuzz request may start a job: its fetches fail at once, offline.
        m_server->setEnv(QStringLiteral("MARKET_DATA_URL"), QStringLiteral("http://127.0.0.1:9"));
        if (THETOOL_WHOLEAPI_PG) {
            m_pg = std::make_unique<thetool::test::PgTestDatabase>(QStringLiteral("wholeapi"));
            QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
            m_server->setEnv(QStringLiteral("DATABASE_URL"), m_pg->url().toString());
        }
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
        m_readKey = createKey("read");
        m_analyzeKey = createKey("analyze");
        QVERIFY(!m_readKey.isEmpty() && !m_analyzeKey.isEmpty());
        m_connection = QStringLiteral("wholeapi");
        if (m_pg) {
            m_pg->openConnection(m_connection);
        } else {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
            db.setDatabaseName(m_server->dataPath() + QStringLiteral("/thetool.db"));
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        }
        QVERIFY(QSqlDatabase::database(m_connection).isOpen());
    }

    void cleanupTestCase()
    {
        QSqlDatabase::database(m_connection).close();
        QSqlDatabase::removeDatabase(m_connection);
        if (m_server)
            QVERIFY(m_server->terminate());
        m_server.reset();
        m_pg.reset();
    }

    // Acceptance 1: the document and the table agree, in both directions and on scopes.
    void openApiMatchesRouteTable()
    {
        QString version;
        QString error;
        const QMap<QString, QString> documented =
            thetool::test::readOpenApiScopes(openApiFile(), &version, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QStringList problems = compare(m_table.routes, documented);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QCOMPARE(version, m_table.version);
        QCOMPARE(documented.size(), m_table.routes.size());
    }

    // The check above can fail: a document missing a route, with a changed scope, or with an
    // operation the server lacks is reported.
    void comparisonReportsDrift()
    {
        QString version;
        QString error;
        QMap<QString, QString> documented = thetool::test::readOpenApiScopes(openApiFile(), &version, &error);
        QVERIFY(documented.contains(QStringLiteral("GET /config")));
        documented.remove(QStringLiteral("GET /config"));
        documented.insert(QStringLiteral("DELETE /api/admin/api-keys/{id}"), QStringLiteral("read"));
        documented.insert(QStringLiteral("GET /api/nowhere"), QStringLiteral("read"));
        const QStringList problems = compare(m_table.routes, documented);
        QCOMPARE(problems.size(), 3);
        QVERIFY(problems.join(QLatin1Char('\n')).contains(QStringLiteral("GET /config is served but not")));
        // An operation without x-scope breaks the layout.
        QFile source(openApiFile());
        QVERIFY(source.open(QIODevice::ReadOnly));
        QByteArray text = source.readAll();
        text.replace("      x-scope: read\n", "");
        QTemporaryDir dir;
        QFile broken(dir.filePath(QStringLiteral("openapi.yaml")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(text);
        broken.close();
        thetool::test::readOpenApiScopes(broken.fileName(), &version, &error);
        QVERIFY2(error.contains(QStringLiteral("has no x-scope")), qPrintable(error));
    }

    void servedDocumentIsTheFile()
    {
        const auto answer = m_server->get("/openapi.yaml");
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QVERIFY(answer->header("Content-Type").startsWith("application/yaml"));
        QFile file(openApiFile());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(answer->body, file.readAll());
        QVERIFY(answer->body.contains(QByteArray("\n  version: " + m_table.version.toUtf8() + '\n')));
    }

    // Acceptance 2.
    void protectedRoutesNeedTheirScope_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QString>("scope");
        for (const RouteEntry &r : std::as_const(m_table.routes)) {
            if (!r.isPublic())
                QTest::newRow(qPrintable(r.key())) << r.method << r.target("1") << r.scope;
        }
    }

    void protectedRoutesNeedTheirScope()
    {
        QFETCH(QString, method);
        QFETCH(QByteArray, target);
        QFETCH(QString, scope);
        const QByteArray verb = method.toLatin1();
        const QByteArray json =
            bodyMethod(method) ? QByteArray("Content-Type: application/json\r\n") : QByteArray();
        const QByteArray body = bodyMethod(method) ? QByteArray("{}") : QByteArray();
        auto none = m_server->request(verb, target, json, body);
        QVERIFY(none);
        QCOMPARE(none->status, 401);
        auto wrong = m_server->request(
            verb, target, json + keyHeader(QStringLiteral("tt_not_a_key_0123456789abcdef")), body);
        QVERIFY(wrong);
        QCOMPARE(wrong->status, 401);
        QStringList lacking;
        if (scope == QLatin1String("admin"))
            lacking = {m_readKey, m_analyzeKey};
        else if (scope == QLatin1String("analyze"))
            lacking = {m_readKey};
        for (const QString &key : std::as_const(lacking)) {
            auto answer = m_server->request(verb, target, json + keyHeader(key), body);
            QVERIFY(answer);
            QCOMPARE(answer->status, 403);
            QCOMPARE(QJsonDocument::fromJson(answer->body)
                         .object()
                         .value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("code")),
                QStringLiteral("FORBIDDEN"));
        }
    }

    // Acceptance 3: hostile bodies to every route that takes one, hostile path parameters to
    // every route that has them.
    void fuzzEveryRoute_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        for (const RouteEntry &r : std::as_const(m_table.routes)) {
            if (bodyMethod(r.method) || r.hasParameters())
                QTest::newRow(qPrintable(r.key())) << r.method << r.path;
        }
    }

    void fuzzEveryRoute()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        const RouteEntry route {method, path, {}};
        const QByteArray verb = method.toLatin1();
        int sent = 0;
        if (bodyMethod(method)) {
            for (const auto &[label, body] : hostileBodies()) {
                expectSafe(verb, route.target("999999"), body, label);
                if (QTest::currentTestFailed())
                    return;
                ++sent;
            }
        }
        if (route.hasParameters()) {
            for (const auto &[label, value] : hostileParameters()) {
                expectSafe(
                    verb, route.target(value), bodyMethod(method) ? QByteArray("{}") : QByteArray(), label);
                if (QTest::currentTestFailed())
                    return;
                ++sent;
            }
        }
        QVERIFY(sent > 0);
        const auto health = m_server->get("/health");
        QVERIFY(health);
        QCOMPARE(health->status, 200);
    }
};

QTEST_GUILESS_MAIN(WholeApiTest)
#include "tst_wholeapi.moc"
