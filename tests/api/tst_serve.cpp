// `thetool serve` end to end: configuration refusals, auth, CORS, rate limits, logs.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "tests/api/serverprocess.h"

using thetool::test::RawClient;
using thetool::test::ServerProcess;

namespace {

QJsonObject errorOf(const RawClient::Response &response)
{
    return QJsonDocument::fromJson(response.body).object().value(QStringLiteral("error")).toObject();
}

} // namespace

class TestServe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void productionWithoutKeyRefusesToStart()
    {
        ServerProcess server;
        server.setEnv(QStringLiteral("MASTER_API_KEY"), QString());
        QCOMPARE(server.runToExit(), 2);
        QVERIFY2(server.output().contains("MASTER_API_KEY"), server.output().constData());
    }

    void invalidVariableNamesItself()
    {
        ServerProcess server;
        server.setEnv(QStringLiteral("RATE_LIMIT_PER_MINUTE"), QStringLiteral("lots"));
        QCOMPARE(server.runToExit(), 2);
        QVERIFY2(server.output().contains("RATE_LIMIT_PER_MINUTE: expected a whole number"),
            server.output().constData());
    }

    void healthAndRootArePublic()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const auto health = server.get("/health");
        QVERIFY(health);
        QCOMPARE(health->status, 200);
        const QJsonObject body = QJsonDocument::fromJson(health->body).object();
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(body.value(QStringLiteral("message")).toString(), QStringLiteral("backend running"));
        QCOMPARE(body.value(QStringLiteral("database")).toString(), QStringLiteral("connected"));
        QCOMPARE(body.value(QStringLiteral("authentication")).toString(), QStringLiteral("enabled"));
        QVERIFY(body.value(QStringLiteral("cache")).toObject().contains(QStringLiteral("hit_rate")));
        QVERIFY(body.value(QStringLiteral("version")).toString().contains(QLatin1String("rev ")));
        QCOMPARE(health->header("X-Content-Type-Options"), QByteArray("nosniff"));
        const auto root = server.get("/");
        QVERIFY(root);
        QCOMPARE(root->status, 200);
        QCOMPARE(QJsonDocument::fromJson(root->body).object().value(QStringLiteral("app")).toString(),
            QStringLiteral("TheTool"));
        QVERIFY(server.terminate());
        QVERIFY(server.output().contains("[OK] Database migrations completed"));
    }

    void auth_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("headers"); // KEY is replaced by the master key
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("no key") << QByteArray("/config") << QByteArray() << 401 << "UNAUTHORIZED";
        QTest::newRow("wrong key") << QByteArray("/config") << QByteArray("X-API-Key: not-the-key\r\n") << 401
                                   << "INVALID_API_KEY";
        QTest::newRow("wrong bearer")
            << QByteArray("/config") << QByteArray("Authorization: Bearer not-the-key\r\n") << 401
            << "INVALID_API_KEY";
        QTest::newRow("bearer") << QByteArray("/config") << QByteArray("Authorization: Bearer KEY\r\n") << 200
                                << QString();
        QTest::newRow("x-api-key") << QByteArray("/config") << QByteArray("X-API-Key: KEY\r\n") << 200
                                   << QString();
        QTest::newRow("query key refused")
            << QByteArray("/config?api_key=KEY") << QByteArray() << 401 << "API_KEY_IN_QUERY";
    }

    void auth()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        QFETCH(QString, code);
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const QByteArray key = server.masterKey().toUtf8();
        const auto response =
            server.get(QByteArray(target).replace("KEY", key), QByteArray(headers).replace("KEY", key));
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QVERIFY(response->header("Content-Type").startsWith("application/json"));
        if (!code.isEmpty())
            QCOMPARE(errorOf(*response).value(QStringLiteral("code")).toString(), code);
        // The key never reaches the log, not even from the query string.
        QVERIFY(server.terminate());
        QVERIFY2(!server.output().contains(key), "the master key appeared in the log");
    }

    void cors()
    {
        ServerProcess server;
        server.setEnv(QStringLiteral("CORS_ORIGINS"), QStringLiteral("https://app.example.com"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        const QByteArray preflight = "Access-Control-Request-Method: POST\r\n"
                                     "Access-Control-Request-Headers: content-type, x-api-key\r\n";
        const auto allowed = server.request(
            "OPTIONS", "/api/analysis/analyze", "Origin: https://app.example.com\r\n" + preflight);
        QVERIFY(allowed);
        QVERIFY(allowed->status == 200 || allowed->status == 204);
        QCOMPARE(allowed->header("Access-Control-Allow-Origin"), QByteArray("https://app.example.com"));
        QVERIFY(allowed->header("Access-Control-Allow-Headers").contains("X-API-Key"));
        QVERIFY(allowed->header("Access-Control-Allow-Methods").contains("POST"));
        const auto other = server.request(
            "OPTIONS", "/api/analysis/analyze", "Origin: https://evil.example.com\r\n" + preflight);
        QVERIFY(other);
        QVERIFY(other->header("Access-Control-Allow-Origin").isEmpty());
        // Ordinary responses carry the header only for the allowed origin.
        const auto simple = server.get("/health", "Origin: https://app.example.com\r\n");
        QCOMPARE(simple->header("Access-Control-Allow-Origin"), QByteArray("https://app.example.com"));
        QVERIFY(server.get("/health", "Origin: https://evil.example.com\r\n")
                    ->header("Access-Control-Allow-Origin")
                    .isEmpty());
    }

    void corsUnsetInProductionAllowsNone()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const auto response = server.request(
            "OPTIONS", "/health", "Origin: http://localhost:3000\r\nAccess-Control-Request-Method: GET\r\n");
        QVERIFY(response);
        QVERIFY(response->header("Access-Control-Allow-Origin").isEmpty());
    }

    void rateLimit()
    {
        ServerProcess server;
        server.setEnv(QStringLiteral("RATE_LIMIT_PER_MINUTE"), QStringLiteral("5"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        // Anonymous callers share their address's bucket; X-Forwarded-For from an
        // untrusted peer (no TRUSTED_PROXIES) must not open new buckets.
        for (int i = 0; i < 5; ++i) {
            const auto r =
                server.get("/health", "X-Forwarded-For: 198.51.100." + QByteArray::number(i) + "\r\n");
            QVERIFY(r);
            QCOMPARE(r->status, 200);
        }
        const auto limited = server.get("/health", "X-Forwarded-For: 203.0.113.77\r\n");
        QVERIFY(limited);
        QCOMPARE(limited->status, 429);
        QCOMPARE(errorOf(*limited).value(QStringLiteral("code")).toString(), QStringLiteral("RATE_LIMITED"));
        QVERIFY(limited->header("Retry-After").toInt() >= 1);
        // A key has a bucket of its own.
        const auto withKey = server.get("/config", server.authHeader());
        QVERIFY(withKey);
        QCOMPARE(withKey->status, 200);
    }

    void rateLimitIsPerKey()
    {
        ServerProcess server;
        server.setEnv(QStringLiteral("RATE_LIMIT_PER_MINUTE"), QStringLiteral("3"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        QList<QByteArray> keys;
        for (const char *name : {"first", "second"}) {
            const auto created = server.request("POST", "/api/admin/api-keys", server.authHeader(),
                "{\"name\": \"" + QByteArray(name) + "\", \"scopes\": [\"read\"]}");
            QVERIFY(created);
            QCOMPARE(created->status, 201);
            keys.append(QJsonDocument::fromJson(created->body)
                            .object()
                            .value(QStringLiteral("key"))
                            .toString()
                            .toUtf8());
        }
        for (int i = 0; i < 3; ++i)
            QCOMPARE(server.get("/config", "X-API-Key: " + keys.at(0) + "\r\n")->status, 200);
        const auto limited = server.get("/config", "X-API-Key: " + keys.at(0) + "\r\n");
        QCOMPARE(limited->status, 429);
        QVERIFY(limited->header("Retry-After").toInt() >= 1);
        // The other key, from the same address, has its own bucket.
        QCOMPARE(server.get("/config", "X-API-Key: " + keys.at(1) + "\r\n")->status, 200);
    }

    void trustedProxyForwardedForSeparatesClients()
    {
        ServerProcess server;
        server.setEnv(QStringLiteral("RATE_LIMIT_PER_MINUTE"), QStringLiteral("2"));
        server.setEnv(QStringLiteral("TRUSTED_PROXIES"), QStringLiteral("127.0.0.1"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        for (int i = 0; i < 2; ++i)
            QCOMPARE(server.get("/health", "X-Forwarded-For: 198.51.100.1\r\n")->status, 200);
        QCOMPARE(server.get("/health", "X-Forwarded-For: 198.51.100.1\r\n")->status, 429);
        QCOMPARE(server.get("/health", "X-Forwarded-For: 198.51.100.2\r\n")->status, 200);
    }

    void accessLogCarriesRequestIdAndNoSecrets()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const QByteArray secret =
            "Sup3rSecretGuess-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        const auto r1 = server.get("/config?api_key=" + secret, "X-Request-ID: trace-abc-123\r\n");
        QVERIFY(r1);
        QCOMPARE(r1->header("X-Request-ID"), QByteArray("trace-abc-123"));
        const auto r2 = server.get("/config", "X-API-Key: " + secret + "\r\nX-Request-ID: trace-def-456\r\n");
        QVERIFY(r2);
        QCOMPARE(r2->status, 401);
        const auto r3 = server.get("/config", server.authHeader() + "X-Request-ID: trace-ok-789\r\n");
        QCOMPARE(r3->status, 200);
        QVERIFY(server.terminate());
        const QByteArray out = server.output();
        QVERIFY2(!out.contains(secret), "a presented key appeared in the log");
        QVERIFY2(!out.contains(server.masterKey().toUtf8()), "the master key appeared in the log");
        bool sawAccess = false;
        for (const QJsonObject &record : server.logRecords()) {
            if (record.value(QStringLiteral("logger")).toString() != QLatin1String("thetool.access"))
                continue;
            if (record.value(QStringLiteral("request_id")).toString() == QLatin1String("trace-ok-789")) {
                sawAccess = true;
                QCOMPARE(record.value(QStringLiteral("route")).toString(), QStringLiteral("/config"));
                QCOMPARE(record.value(QStringLiteral("status")).toInt(), 200);
                QCOMPARE(record.value(QStringLiteral("key_id")).toString(), QStringLiteral("master"));
            }
        }
        QVERIFY2(sawAccess, out.constData());
    }

    void handlerLinesShareTheRequestId()
    {
        ServerProcess server;
        server.setEnv(QStringLiteral("LOG_LEVEL"), QStringLiteral("debug"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(server.get("/health", "X-Request-ID: probe-42\r\n")->status, 200);
        QVERIFY(server.terminate());
        QStringList loggers;
        for (const QJsonObject &record : server.logRecords()) {
            if (record.value(QStringLiteral("request_id")).toString() == QLatin1String("probe-42"))
                loggers.append(record.value(QStringLiteral("logger")).toString());
        }
        QVERIFY2(
            loggers.contains(QStringLiteral("thetool.health")), qPrintable(loggers.join(QLatin1Char(','))));
        QVERIFY2(
            loggers.contains(QStringLiteral("thetool.access")), qPrintable(loggers.join(QLatin1Char(','))));
    }

    void sigtermExitsZero()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(server.terminate());
        QVERIFY(server.output().contains("stopped cleanly"));
    }
};

QTEST_GUILESS_MAIN(TestServe)
#include "tst_serve.moc"
