// Live events end to end: a real `thetool serve`, events appended to job_events by this
// test (as the job workers do), read back as Server-Sent Events and through the polling
// twin, on SQLite and PostgreSQL; a reader that stops reading; two servers on one
// PostgreSQL; shutdown with an open stream.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QTest>

#include <memory>

#include "backend/db/database.h"
#include "backend/repo/eventrepository.h"
#include "tests/api/serverprocess.h"
#include "tests/http/sseclient.h"
#include "tests/support/testenv.h"

using thetool::repo::EventRepository;
using thetool::test::RawClient;
using thetool::test::ServerProcess;
using thetool::test::SseClient;

namespace {

constexpr int waitMs = 20000;

QJsonObject jsonOf(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QString errorCode(const RawClient::Response &response)
{
    return jsonOf(response.body)
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

QList<qint64> idsOf(const QList<SseClient::Event> &events)
{
    QList<qint64> ids;
    for (const auto &event : events)
        ids.append(event.id);
    return ids;
}

// VmRSS of a process in KiB, 0 when unreadable.
qint64 residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// A server on this row's database (SQLite in its data folder, or a PostgreSQL database of
// its own) and this test's own connection to the same database, to append events.
struct Fixture {
    std::unique_ptr<thetool::test::PgTestDatabase> pg;
    ServerProcess server;
    std::unique_ptr<thetool::db::Database> database;

    explicit Fixture(const QString &name)
    {
        if (QByteArray(QTest::currentDataTag()) == "pg") {
            pg = std::make_unique<thetool::test::PgTestDatabase>(QStringLiteral("events_") + name);
            server.setEnv(QStringLiteral("DATABASE_URL"), pg->url().toString());
        }
    }
    ~Fixture()
    {
        if (database)
            database->releaseThreadConnection();
    }
    bool valid() const { return !pg || pg->isValid(); }
    QString error() const { return pg ? pg->error() : QString(); }

    // After the server started (it applied the migrations).
    bool openDatabase()
    {
        thetool::db::DatabaseOptions options;
        if (pg)
            options.url = pg->url().toString();
        else
            options.dataPath = server.dataPath();
        thetool::db::DbError error;
        database = thetool::db::Database::create(options, &error);
        return database != nullptr;
    }

    qint64 append(const QString &type, const QString &jobId, const QJsonObject &data = {})
    {
        qint64 id = 0;
        const auto error = EventRepository(*database).append(type, jobId, data, &id);
        return error ? -1 : id;
    }

    // `count` events of `payloadBytes` each in one transaction; the ids, or empty.
    QList<qint64> appendMany(int count, const QString &jobId, int payloadBytes = 16)
    {
        QList<qint64> ids;
        const QString padding(payloadBytes, QLatin1Char('x'));
        if (database->run([](QSqlDatabase &c) {
                c.transaction();
                return thetool::db::DbError {};
            }))
            return {};
        for (int i = 0; i < count; ++i) {
            const qint64 id = append(QStringLiteral("job.log"), jobId,
                {{QStringLiteral("n"), i}, {QStringLiteral("message"), padding}});
            if (id < 0)
                return {};
            ids.append(id);
        }
        database->run([](QSqlDatabase &c) {
            c.commit();
            return thetool::db::DbError {};
        });
        return ids;
    }

    QByteArray auth() const { return server.authHeader(); }
};

void addDialectRows()
{
    QTest::addColumn<bool>("unused");
    QTest::newRow("sqlite") << true;
    QTest::newRow("pg") << true;
}

// Waits until the server has logged a record whose message contains `text`.
bool waitForLog(ServerProcess &server, const QString &text, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        for (const QJsonObject &record : server.logRecords()) {
            if (record.value(QStringLiteral("message")).toString().contains(text))
                return true;
        }
        QTest::qWait(100);
    }
    return false;
}

} // namespace

class TestEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamDeliversAppendedEvents_data() { addDialectRows(); }
    void streamDeliversAppendedEvents()
    {
        Fixture f(QStringLiteral("deliver"));
        QVERIFY2(f.valid(), qPrintable(f.error()));
        QVERIFY2(f.server.start(), qPrintable(f.server.error()));
        QVERIFY(f.openDatabase());

        // EventSource cannot send headers: the key comes in the query, accepted on this route.
        SseClient client;
        QVERIFY(client.open(f.server.port(), "/api/events?api_key=" + f.server.masterKey().toUtf8()));
        QCOMPARE(client.status(), 200);
        QVERIFY(client.header("Content-Type").startsWith("text/event-stream"));
        QCOMPARE(client.header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(client.header("Transfer-Encoding"), QByteArray("chunked"));

        const qint64 created = f.append(QStringLiteral("job.created"), QStringLiteral("job-1"),
            {{QStringLiteral("tickers"), QJsonArray {QStringLiteral("TCS.NS")}}});
        const qint64 progress = f.append(QStringLiteral("job.progress"), QStringLiteral("job-1"),
            {{QStringLiteral("completed"), 1}, {QStringLiteral("total"), 1}});
        const qint64 finished = f.append(QStringLiteral("job.finished"), QStringLiteral("job-1"),
            {{QStringLiteral("status"), QStringLiteral("completed")}});
        QVERIFY(created > 0 && progress > created && finished > progress);

        const QList<SseClient::Event> events = client.readEvents(3, waitMs);
        QCOMPARE(idsOf(events), (QList<qint64> {created, progress, finished}));
        QCOMPARE(events.at(0).type, QStringLiteral("job.created"));
        QCOMPARE(events.at(1).type, QStringLiteral("job.progress"));
        QCOMPARE(events.at(2).type, QStringLiteral("job.finished"));
        const QJsonObject last = jsonOf(events.at(2).data);
        QCOMPARE(last.value(QStringLiteral("id")).toInteger(), finished);
        QCOMPARE(last.value(QStringLiteral("job_id")).toString(), QStringLiteral("job-1"));
        QCOMPARE(last.value(QStringLiteral("type")).toString(), QStringLiteral("job.finished"));
        QCOMPARE(last.value(QStringLiteral("data")).toObject().value(QStringLiteral("status")).toString(),
            QStringLiteral("completed"));
        QVERIFY(!last.value(QStringLiteral("created_at")).toString().isEmpty());

        // The query key stays refused on the polling twin; headers work there.
        const auto polled = f.server.get("/api/events/poll?api_key=" + f.server.masterKey().toUtf8());
        QVERIFY(polled);
        QCOMPARE(polled->status, 401);
        QCOMPARE(errorCode(*polled), QStringLiteral("API_KEY_IN_QUERY"));
        // Without a key at all the stream is refused before it starts.
        SseClient anonymous;
        QVERIFY(anonymous.open(f.server.port(), "/api/events"));
        QCOMPARE(anonymous.status(), 401);
    }

    void resumeWithLastEventIdMissesAndRepeatsNothing_data() { addDialectRows(); }
    void resumeWithLastEventIdMissesAndRepeatsNothing()
    {
        Fixture f(QStringLiteral("resume"));
        QVERIFY2(f.valid(), qPrintable(f.error()));
        QVERIFY2(f.server.start(), qPrintable(f.server.error()));
        QVERIFY(f.openDatabase());

        const QList<qint64> first = f.appendMany(5, QStringLiteral("job-a"));
        QCOMPARE(first.size(), 5);
        QList<qint64> seen;
        {
            SseClient client;
            QVERIFY(client.open(f.server.port(), "/api/events?after=0", f.auth()));
            QCOMPARE(client.status(), 200);
            const auto events = client.readEvents(5, waitMs);
            QCOMPARE(idsOf(events), first);
            // The client handles three, then its connection drops.
            seen = idsOf(events).mid(0, 3);
        }
        const QList<qint64> whileAway = f.appendMany(4, QStringLiteral("job-b"));
        QCOMPARE(whileAway.size(), 4);

        SseClient again;
        QVERIFY(again.open(f.server.port(), "/api/events?after=0",
            f.auth() + "Last-Event-ID: " + QByteArray::number(seen.last()) + "\r\n"));
        QCOMPARE(again.status(), 200);
        const QList<qint64> expected = first.mid(3) + whileAway;
        QList<qint64> resumed = idsOf(again.readEvents(expected.size(), waitMs));
        QCOMPARE(resumed, expected);
        // Live events continue the same sequence, once each.
        const qint64 live = f.append(QStringLiteral("job.progress"), QStringLiteral("job-b"));
        resumed = idsOf(again.readEvents(1, waitMs));
        QCOMPARE(resumed, QList<qint64> {live});
        QCOMPARE(seen + expected + resumed, first + whileAway + QList<qint64> {live});

        // A job filter: only that job's events, from the start.
        SseClient filtered;
        QVERIFY(filtered.open(f.server.port(), "/api/events?after=0&job_id=job-b", f.auth()));
        QCOMPARE(idsOf(filtered.readEvents(5, waitMs)), whileAway + QList<qint64> {live});

        // The polling twin pages through the same ids with a cursor.
        QList<qint64> polled;
        qint64 cursor = 0;
        for (int page = 0; page < 10; ++page) {
            const auto answer =
                f.server.get("/api/events/poll?limit=4&after=" + QByteArray::number(cursor), f.auth());
            QVERIFY(answer);
            QCOMPARE(answer->status, 200);
            const QJsonObject body = jsonOf(answer->body);
            for (const QJsonValue &item : body.value(QStringLiteral("events")).toArray())
                polled.append(item.toObject().value(QStringLiteral("id")).toInteger());
            cursor = body.value(QStringLiteral("next_after")).toInteger();
            if (!body.value(QStringLiteral("has_more")).toBool())
                break;
        }
        QCOMPARE(polled, first + whileAway + QList<qint64> {live});
        // Bad cursors are refused, not guessed at.
        const auto bad = f.server.get("/api/events/poll?after=abc", f.auth());
        QVERIFY(bad);
        QCOMPARE(bad->status, 400);
        QCOMPARE(errorCode(*bad), QStringLiteral("INVALID_CURSOR"));
        SseClient badStream;
        QVERIFY(badStream.open(f.server.port(), "/api/events", f.auth() + "Last-Event-ID: -4\r\n"));
        QCOMPARE(badStream.status(), 400);
    }

    void laterCommitOfALowerIdIsNotSkipped_data()
    {
        QTest::addColumn<bool>("unused");
        QTest::newRow("pg") << true;
    }
    void laterCommitOfALowerIdIsNotSkipped()
    {
        // Two writers on PostgreSQL: id N is taken by a transaction still open when N+1
        // commits. A stream must not pass N, or no client would ever see it.
        Fixture f(QStringLiteral("gap"));
        QVERIFY2(f.valid(), qPrintable(f.error()));
        QVERIFY2(f.server.start(), qPrintable(f.server.error()));
        QVERIFY(f.openDatabase());
        thetool::db::DatabaseOptions options;
        options.url = f.pg->url().toString();
        thetool::db::DbError error;
        auto other = thetool::db::Database::create(options, &error);
        QVERIFY(other);

        SseClient client;
        QVERIFY(client.open(f.server.port(), "/api/events", f.auth()));
        QCOMPARE(client.status(), 200);
        QVERIFY(!f.database->run([](QSqlDatabase &c) {
            c.transaction();
            return thetool::db::DbError {};
        }));
        const qint64 slow = f.append(QStringLiteral("job.created"), QStringLiteral("job-slow"));
        qint64 fast = 0;
        QVERIFY(EventRepository(*other)
                    .append(QStringLiteral("job.created"), QStringLiteral("job-fast"), {}, &fast)
                    .ok());
        QVERIFY(slow > 0 && fast > slow);
        // Several polls of the server's hub see `fast` alone before `slow` commits (well
        // within the hub's 3 s gap grace).
        QTest::qWait(600);
        const auto early = f.server.get("/api/events/poll?after=" + QByteArray::number(slow - 1), f.auth());
        QVERIFY(early);
        QCOMPARE(jsonOf(early->body).value(QStringLiteral("events")).toArray().size(), 0);
        QVERIFY(!f.database->run([](QSqlDatabase &c) {
            c.commit();
            return thetool::db::DbError {};
        }));
        QCOMPARE(idsOf(client.readEvents(2, waitMs)), (QList<qint64> {slow, fast}));
        other->releaseThreadConnection();
    }

    void pausedReaderIsCutOffAndMemoryStaysBounded()
    {
        Fixture f(QStringLiteral("paused"));
        QVERIFY2(f.server.start(), qPrintable(f.server.error()));
        QVERIFY(f.openDatabase());

        // A reader with a tiny receive window that never reads after the header.
        SseClient paused(4096);
        QVERIFY(paused.open(f.server.port(), "/api/events", f.auth()));
        QCOMPARE(paused.status(), 200);
        QTest::qWait(500); // the hub has seen the subscription
        const qint64 before = residentKiB(f.server.pid());
        QVERIFY(before > 0);

        // 30,000 events of ~1 KiB: far more than the socket buffers and the stream's queue.
        constexpr int count = 30000;
        const QList<qint64> ids = f.appendMany(count, QStringLiteral("job-bulk"), 1024);
        QCOMPARE(ids.size(), count);
        QVERIFY2(waitForLog(f.server, QStringLiteral("stopped reading"), 60000),
            "the server never cut the paused reader off");
        const qint64 after = residentKiB(f.server.pid());
        qInfo("server RSS: %lld KiB before, %lld KiB after %d events (%d MiB) to a paused reader",
            static_cast<long long>(before), static_cast<long long>(after), count, count / 1024);
        // Generous (about 4 MiB measured): a stream buffered without end would hold 30 MiB.
        QVERIFY2(after - before < 16 * 1024, "server memory grew with the paused reader's backlog");

        // What the reader gets when it reads again: a prefix, then the connection ends.
        QVERIFY(paused.waitClosed(waitMs));
        QVERIFY(paused.bytesReceived() < qint64(count) * 1024);

        // The server still serves streams: a new reader resumes where it likes.
        SseClient fresh;
        QVERIFY(fresh.open(
            f.server.port(), "/api/events?after=" + QByteArray::number(ids.at(count - 3)), f.auth()));
        QCOMPARE(idsOf(fresh.readEvents(2, waitMs)), ids.mid(count - 2));
    }

    void instanceSeesEventsAnotherInstanceWrites()
    {
        thetool::test::PgTestDatabase pg(QStringLiteral("events_two"));
        QVERIFY2(pg.isValid(), qPrintable(pg.error()));
        ServerProcess a;
        ServerProcess b;
        a.setEnv(QStringLiteral("DATABASE_URL"), pg.url().toString());
        b.setEnv(QStringLiteral("DATABASE_URL"), pg.url().toString());
        QVERIFY2(a.start(), qPrintable(a.error()));
        QVERIFY2(b.start(), qPrintable(b.error()));

        SseClient onA;
        QVERIFY(onA.open(a.port(), "/api/events?after=0", a.authHeader()));
        QCOMPARE(onA.status(), 200);

        // A never writes: the events go straight into the shared database (as B's workers
        // append them), and A's hub finds them there.
        thetool::db::DatabaseOptions options;
        options.url = pg.url().toString();
        thetool::db::DbError error;
        auto database = thetool::db::Database::create(options, &error);
        QVERIFY2(database, qPrintable(error.message));
        EventRepository events(*database);
        QList<qint64> written;
        for (const QString &type :
            {QStringLiteral("job.created"), QStringLiteral("job.progress"), QStringLiteral("job.finished")}) {
            qint64 id = 0;
            QVERIFY(events
                        .append(type, QStringLiteral("job-on-b"),
                            {{QStringLiteral("instance"), QStringLiteral("b")}}, &id)
                        .ok());
            written.append(id);
        }
        const auto received = onA.readEvents(3, waitMs);
        QCOMPARE(idsOf(received), written);

        // Resume on the other instance with the id the first one gave.
        qint64 more = 0;
        QVERIFY(events.append(QStringLiteral("job.log"), QStringLiteral("job-on-b"), {}, &more).ok());
        SseClient onB;
        QVERIFY(onB.open(b.port(), "/api/events",
            b.authHeader() + "Last-Event-ID: " + QByteArray::number(written.at(1)) + "\r\n"));
        QCOMPARE(idsOf(onB.readEvents(2, waitMs)), (QList<qint64> {written.at(2), more}));
        database->releaseThreadConnection();
    }

    void shutdownWithOpenStreamIsPrompt()
    {
        Fixture f(QStringLiteral("shutdown"));
        QVERIFY2(f.server.start(), qPrintable(f.server.error()));
        SseClient client;
        QVERIFY(client.open(f.server.port(), "/api/events", f.auth()));
        QCOMPARE(client.status(), 200);
        QTest::qWait(300);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(f.server.terminate());
        qInfo("stopped in %lld ms with an open event stream", static_cast<long long>(timer.elapsed()));
        // Not after the shutdown timeout: the stream did not hold the server up.
        QVERIFY(waitForLog(f.server, QStringLiteral("stopped cleanly"), 1000));
        QVERIFY(client.waitClosed(waitMs));
        QVERIFY(client.endedCleanly()); // the terminating chunk, not a reset
    }
};

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
