// Live job events end to end: a client on GET /api/events sees a job's created, progress,
// log and finished events; reconnecting with Last-Event-ID misses and repeats nothing;
// with two servers on one PostgreSQL, a client on A follows a job that B runs.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "tests/http/sseclient.h"
#include "tests/jobs/jobfixture.h"

using thetool::test::JobFixture;
using thetool::test::ServerProcess;
using thetool::test::SseClient;

namespace {

struct Seen {
    qint64 id;
    QString type;
    QJsonObject data;
};

// Reads until `jobId` has finished (or the timeout), keeping that job's events in order.
QList<Seen> followJob(SseClient &client, const QString &jobId, int timeoutMs)
{
    QList<Seen> seen;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        for (const SseClient::Event &event : client.readEvents(1, 500)) {
            const QJsonObject body = QJsonDocument::fromJson(event.data).object();
            if (body.value(QStringLiteral("job_id")).toString() != jobId)
                continue;
            seen.append({event.id, event.type, body.value(QStringLiteral("data")).toObject()});
            if (event.type == QLatin1String("job.finished"))
                return seen;
        }
    }
    return seen;
}

QStringList types(const QList<Seen> &events)
{
    QStringList out;
    for (const Seen &e : events)
        out.append(e.type);
    return out;
}

} // namespace

class TestJobsEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jobLifecycleAndResume_data();
    void jobLifecycleAndResume();
    void clientOnOneServerFollowsAnother();
};

void TestJobsEvents::jobLifecycleAndResume_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("pg") << true;
}

void TestJobsEvents::jobLifecycleAndResume()
{
    QFETCH(bool, postgres);
    JobFixture f(QStringLiteral("events"), postgres);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    SseClient live;
    QVERIFY(live.open(f.server().port(), "/api/events", f.server().authHeader()));
    QCOMPARE(live.status(), 200);

    const QString jobId = f.analyze(f.server(),
        QJsonDocument::fromJson(R"({"tickers": ["TCS.NS", "INFY.NS", "M&M.NS"], "use_demo_data": true})")
            .object());
    QVERIFY(!jobId.isEmpty());
    const QList<Seen> events = followJob(live, jobId, 20000);
    const QStringList order = types(events);
    qInfo() << "events:" << order;
    QVERIFY(order.size() >= 5);
    QCOMPARE(order.first(), QStringLiteral("job.created"));
    QCOMPARE(order.last(), QStringLiteral("job.finished"));
    QVERIFY(order.contains(QStringLiteral("job.progress")));
    QVERIFY(order.contains(QStringLiteral("job.log")));
    QCOMPARE(events.last().data.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(events.last().data.value(QStringLiteral("completed")).toInt(), 3);
    int lastCompleted = 0;
    for (qsizetype i = 1; i < events.size(); ++i) {
        QVERIFY(events[i].id > events[i - 1].id); // database ids, in order
        if (events[i].type == QLatin1String("job.progress")
            && events[i].data.contains(QStringLiteral("completed"))) {
            const int completed = events[i].data.value(QStringLiteral("completed")).toInt();
            QVERIFY(completed >= lastCompleted);
            lastCompleted = completed;
        }
    }
    QCOMPARE(lastCompleted, 3);

    // Reconnect after the third event: exactly the rest arrives, nothing repeated.
    live.close();
    SseClient resumed;
    QVERIFY(resumed.open(f.server().port(), "/api/events?job_id=" + jobId.toUtf8(),
        f.server().authHeader() + "Last-Event-ID: " + QByteArray::number(events[2].id) + "\r\n"));
    QCOMPARE(resumed.status(), 200);
    const QList<Seen> rest = followJob(resumed, jobId, 10000);
    QCOMPARE(rest.size(), events.size() - 3);
    for (qsizetype i = 0; i < rest.size(); ++i) {
        QCOMPARE(rest[i].id, events[i + 3].id);
        QCOMPARE(rest[i].type, events[i + 3].type);
    }
}

void TestJobsEvents::clientOnOneServerFollowsAnother()
{
    JobFixture f(QStringLiteral("eventstwo"), true);
    QVERIFY2(f.valid(), qPrintable(f.error()));
    f.server().setEnv(QStringLiteral("WORKERS"), QStringLiteral("0")); // A runs nothing
    QVERIFY2(f.server().start(), qPrintable(f.server().error()));
    std::unique_ptr<ServerProcess> b = f.sibling();
    QVERIFY2(b->start(), qPrintable(b->error()));

    SseClient onA;
    QVERIFY(onA.open(f.server().port(), "/api/events", f.server().authHeader()));
    QCOMPARE(onA.status(), 200);
    const QString jobId =
        f.analyze(*b, QJsonDocument::fromJson(R"({"tickers": ["TCS.NS"], "use_demo_data": true})").object());
    QVERIFY(!jobId.isEmpty());
    const QList<Seen> events = followJob(onA, jobId, 20000);
    const QStringList order = types(events);
    qInfo() << "seen on A for a job B ran:" << order;
    QVERIFY(order.size() >= 3);
    QCOMPARE(order.first(), QStringLiteral("job.created"));
    QVERIFY(order.contains(QStringLiteral("job.progress")));
    QCOMPARE(order.last(), QStringLiteral("job.finished"));
    // B's worker ran it.
    QCOMPARE(
        f.count(QStringLiteral("SELECT count(*) FROM analysis_jobs WHERE job_id = ? AND lease_owner LIKE ?"),
            {jobId, QStringLiteral("%:%1/%").arg(b->pid())}),
        1);
}

QTEST_GUILESS_MAIN(TestJobsEvents)
#include "tst_jobs_events.moc"
