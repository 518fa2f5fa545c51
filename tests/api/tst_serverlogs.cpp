// GET /api/logs: this instance's log ring buffer through a real `thetool serve`: level and
// correlation-id filters, cursor paging, and cursors of another instance refused.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <QUrl>

#include "backend/log/logrecord.h"
#include "tests/api/serverprocess.h"
#include "tests/http/sseclient.h"

using thetool::test::RawClient;
using thetool::test::ServerProcess;
using thetool::test::SseClient;

namespace {

QJsonObject jsonOf(const RawClient::Response &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QString errorCode(const RawClient::Response &response)
{
    return jsonOf(response)
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

QByteArray encoded(const QString &text)
{
    return QUrl::toPercentEncoding(text);
}

// A development server without MASTER_API_KEY: it logs a warning at start (the key file)
// and keeps its key in DATA_PATH/dev-api-key.
bool startDevelopmentServer(ServerProcess &server, QByteArray *auth)
{
    server.setEnv(QStringLiteral("APP_ENV"), QStringLiteral("development"));
    server.setEnv(QStringLiteral("MASTER_API_KEY"), QString());
    if (!server.start())
        return false;
    QFile keyFile(server.dataPath() + QStringLiteral("/dev-api-key"));
    if (!keyFile.open(QIODevice::ReadOnly))
        return false;
    *auth = "X-API-Key: " + keyFile.readAll().trimmed() + "\r\n";
    return true;
}

} // namespace

class TestServerLogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filtersByLevelAndCorrelationId()
    {
        ServerProcess server;
        QByteArray auth;
        QVERIFY2(startDevelopmentServer(server, &auth), qPrintable(server.error()));

        // A request with an X-Request-ID: the lines logged while handling it carry it as
        // their correlation id (here: the event stream's "opened" line).
        {
            SseClient stream;
            QVERIFY(stream.open(server.port(), "/api/events", auth + "X-Request-ID: corr-logs-1\r\n"));
            QCOMPARE(stream.status(), 200);
        }
        QVERIFY(server.get("/config", auth + "X-Request-ID: corr-logs-2\r\n"));

        const auto byCorrelation = server.get("/api/logs?correlation_id=corr-logs-1", auth);
        QVERIFY(byCorrelation);
        QCOMPARE(byCorrelation->status, 200);
        const QJsonArray matched = jsonOf(*byCorrelation).value(QStringLiteral("records")).toArray();
        QVERIFY2(!matched.isEmpty(), byCorrelation->body.constData());
        for (const QJsonValue &record : matched)
            QCOMPARE(record.toObject().value(QStringLiteral("correlation_id")).toString(),
                QStringLiteral("corr-logs-1"));

        // level is a minimum: the start-up warning is there, nothing below it.
        const auto warnings = server.get("/api/logs?level=warning", auth);
        QVERIFY(warnings);
        QCOMPARE(warnings->status, 200);
        bool sawKeyWarning = false;
        for (const QJsonValue &value : jsonOf(*warnings).value(QStringLiteral("records")).toArray()) {
            const QJsonObject record = value.toObject();
            thetool::log::Level level {};
            QVERIFY(thetool::log::parseLevel(record.value(QStringLiteral("level")).toString(), &level));
            QVERIFY(level >= thetool::log::Level::Warning);
            sawKeyWarning = sawKeyWarning
                || record.value(QStringLiteral("message")).toString().contains(QStringLiteral("dev-api-key"));
        }
        QVERIFY2(sawKeyWarning, warnings->body.constData());
        const auto all = server.get("/api/logs?level=info", auth);
        QVERIFY(all);
        QVERIFY(jsonOf(*all).value(QStringLiteral("records")).toArray().size()
            > jsonOf(*warnings).value(QStringLiteral("records")).toArray().size());

        const auto badLevel = server.get("/api/logs?level=loud", auth);
        QVERIFY(badLevel);
        QCOMPARE(badLevel->status, 400);
        QCOMPARE(errorCode(*badLevel), QStringLiteral("INVALID_LEVEL"));
    }

    void cursorPagesAndForeignCursorsAreRefused()
    {
        ServerProcess a;
        ServerProcess b;
        QByteArray authA;
        QByteArray authB;
        QVERIFY2(startDevelopmentServer(a, &authA), qPrintable(a.error()));
        QVERIFY2(startDevelopmentServer(b, &authB), qPrintable(b.error()));

        // Pages of two follow each other without a gap or an overlap.
        QList<qint64> ids;
        QString cursor;
        QString instance;
        for (int page = 0; page < 4; ++page) {
            const auto answer = a.get("/api/logs?limit=2&after=" + encoded(cursor), authA);
            QVERIFY(answer);
            QCOMPARE(answer->status, 200);
            const QJsonObject body = jsonOf(*answer);
            instance = body.value(QStringLiteral("instance")).toString();
            const QJsonArray records = body.value(QStringLiteral("records")).toArray();
            QVERIFY(records.size() <= 2);
            for (const QJsonValue &record : records) {
                ids.append(record.toObject().value(QStringLiteral("id")).toInteger());
                QVERIFY(record.toObject()
                            .value(QStringLiteral("cursor"))
                            .toString()
                            .startsWith(instance + QLatin1Char(':')));
            }
            cursor = body.value(QStringLiteral("next_after")).toString();
            QVERIFY(cursor.startsWith(instance + QLatin1Char(':')));
        }
        QVERIFY(ids.size() >= 4);
        for (qsizetype i = 1; i < ids.size(); ++i)
            QCOMPARE(ids.at(i), ids.at(i - 1) + 1); // every record, no level or id filter

        // A's cursor on B: refused, never read as one of B's sequence numbers.
        const auto foreign = b.get("/api/logs?after=" + encoded(cursor), authB);
        QVERIFY(foreign);
        QCOMPARE(foreign->status, 400);
        QCOMPARE(errorCode(*foreign), QStringLiteral("FOREIGN_CURSOR"));
        const auto malformed = a.get("/api/logs?after=17", authA);
        QVERIFY(malformed);
        QCOMPARE(malformed->status, 400);
        QCOMPARE(errorCode(*malformed), QStringLiteral("INVALID_CURSOR"));
        // The key stays in headers on this route.
        const auto queryKey = a.get("/api/logs?api_key=x");
        QVERIFY(queryKey);
        QCOMPARE(queryKey->status, 401);
    }
};

QTEST_GUILESS_MAIN(TestServerLogs)
#include "tst_serverlogs.moc"
