// The soak (issue 23): three `thetool serve` instances on one PostgreSQL and one Redis of
// the test's own; 200 concurrent clients for 60 s mixing /health, status polls, reports,
// job creation and SSE streams, while instance 0 is kill -9ed and restarted, PostgreSQL
// restarted once and Redis stopped for 10 s. Afterwards, by counting rows: no acknowledged
// job lost, none duplicated, every job finished with one result; no request hung past its
// bound; non-2xx answers only where expected (SoakRecorder); each instance's RSS bounded.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <unistd.h>

#include "tests/api/serverprocess.h"
#include "tests/reliability/httpprobe.h"
#include "tests/reliability/soakrecorder.h"
#include "tests/support/privatepgcluster.h"

using thetool::test::HttpProbe;
using thetool::test::PrivatePgCluster;
using thetool::test::ServerProcess;
using thetool::test::SoakRecorder;
using Fault = SoakRecorder::Fault;

namespace {

constexpr int clientCount = 200;
constexpr int serverCount = 3;
constexpr qint64 loadMs = 60000;
constexpr std::chrono::milliseconds requestBound {20000}; // a hang detector, not a latency target
constexpr qint64 rssBoundKb = 512 * 1024;

qint64 rssKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

// Our own Redis, stopped and started again on the same port.
class RedisProcess
{
public:
    explicit RedisProcess(quint16 port)
        : m_port(port)
    { }
    ~RedisProcess() { stop(); }
    bool start()
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->start(QStringLiteral("redis-server"),
            {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
                QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(),
                QStringLiteral("--appendonly"), QStringLiteral("no")});
        if (!m_process->waitForStarted(5000))
            return false;
        for (int i = 0; i < 100; ++i) {
            const int fd = HttpProbe::connectFrom(QStringLiteral("127.0.0.1"), m_port, true);
            if (fd >= 0) {
                ::close(fd);
                return true;
            }
            QThread::msleep(50);
        }
        return false;
    }
    void stop()
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }

private:
    quint16 m_port;
    std::unique_ptr<QProcess> m_process;
};

QByteArray jobBody(int client, int n)
{
    return QJsonDocument(QJsonObject {{QStringLiteral("tickers"),
                                          QJsonArray {QStringLiteral("SOAK%1X%2.NS").arg(client).arg(n)}},
                             {QStringLiteral("use_demo_data"), true}, {QStringLiteral("force"), true}})
        .toJson(QJsonDocument::Compact);
}

struct Shared {
    std::array<quint16, serverCount> ports {};
    QByteArray auth;
    QByteArray seedJob;
    SoakRecorder recorder;
    std::atomic<bool> stop {false};
    QMutex jobsMutex;
    QSet<QString> acknowledged; // job ids answered 201
    std::atomic<int> ambiguous {0}; // job creations without an answer: may or may not exist
};

// One client: its role by index (40 % health, 20 % status polls, 10 % reports, 10 % job
// creation, 20 % SSE streams held 3 s), the instance rotating per request. Clients come
// from 127.0.0.1-127.0.0.4, so no address nears the 128 connections allowed per client.
void runClient(Shared *shared, int index)
{
    const HttpProbe probe(requestBound, QStringLiteral("127.0.0.%1").arg(1 + index % 4));
    const int role = index % 10;
    int n = 0;
    while (!shared->stop.load()) {
        const int server = (index + n) % serverCount;
        const quint16 port = shared->ports[static_cast<std::size_t>(server)];
        const qint64 started = shared->recorder.nowMs();
        ++n;
        if (role < 4) {
            shared->recorder.record("health", server, started, probe.request(port, "GET", "/health"));
            QThread::msleep(50);
        } else if (role < 6) {
            shared->recorder.record("status", server, started,
                probe.request(port, "GET", "/api/analysis/status/" + shared->seedJob, shared->auth));
            QThread::msleep(50);
        } else if (role < 7) {
            shared->recorder.record("report", server, started,
                probe.request(port, "GET", "/api/analysis/report/SOAKSEED.NS", shared->auth));
            QThread::msleep(50);
        } else if (role < 8) {
            const HttpProbe::Result result = probe.request(port, "POST", "/api/analysis/analyze",
                shared->auth + "Content-Type: application/json\r\n", jobBody(index, n));
            shared->recorder.record("analyze", server, started, result);
            if (result.outcome == HttpProbe::Outcome::Answered && result.status == 201) {
                const QString id =
                    QJsonDocument::fromJson(result.body).object().value(QStringLiteral("job_id")).toString();
                QMutexLocker lock(&shared->jobsMutex);
                shared->acknowledged.insert(id);
            } else if (result.outcome != HttpProbe::Outcome::Answered) {
                ++shared->ambiguous;
            }
            QThread::msleep(500);
        } else {
            shared->recorder.record("sse", server, started,
                probe.stream(port, "/api/events", shared->auth, std::chrono::milliseconds(3000)));
        }
    }
}

} // namespace

class TestSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void soakUnderFaults()
    {
        PrivatePgCluster cluster;
        QString error;
        QVERIFY2(cluster.create(&error), qPrintable(error));
        RedisProcess redis(HttpProbe::freePort());
        QVERIFY(redis.start());

        Shared shared;
        std::array<std::unique_ptr<ServerProcess>, serverCount> servers;
        for (int i = 0; i < serverCount; ++i) {
            auto &server = servers[static_cast<std::size_t>(i)];
            server = std::make_unique<ServerProcess>();
            shared.ports[static_cast<std::size_t>(i)] = HttpProbe::freePort();
            server->setEnv(
                QStringLiteral("PORT"), QString::number(shared.ports[static_cast<std::size_t>(i)]));
            server->setEnv(QStringLiteral("DATABASE_URL"), cluster.url().toString());
            server->setEnv(QStringLiteral("REDIS_URL"), redis.url());
            server->setEnv(QStringLiteral("RATE_LIMIT_PER_MINUTE"), QStringLiteral("1000000"));
            server->setEnv(QStringLiteral("ANALYZE_RATE_LIMIT"), QStringLiteral("120"));
            server->setEnv(QStringLiteral("JOB_LEASE_SECONDS"), QStringLiteral("3"));
            server->setEnv(QStringLiteral("STATEMENT_TIMEOUT_MS"), QStringLiteral("5000"));
            QVERIFY2(server->start(60000), qPrintable(server->error()));
        }
        shared.auth = servers[0]->authHeader();

        // A finished job whose status and report the clients read.
        const auto seed = servers[1]->request("POST", "/api/analysis/analyze", shared.auth,
            R"({"tickers":["SOAKSEED.NS"],"use_demo_data":true})");
        QVERIFY(seed && seed->status == 201);
        shared.seedJob =
            QJsonDocument::fromJson(seed->body).object().value(QStringLiteral("job_id")).toString().toUtf8();
        for (int i = 0; i < 100; ++i) {
            const auto status = servers[1]->get("/api/analysis/status/" + shared.seedJob, shared.auth);
            if (status
                && QJsonDocument::fromJson(status->body).object().value(QStringLiteral("status")).toString()
                    == QLatin1String("completed"))
                break;
            QThread::msleep(100);
        }

        std::vector<std::thread> threads;
        for (int i = 0; i < clientCount; ++i)
            threads.emplace_back(runClient, &shared, i);

        // The fault schedule, while draining the servers' logs and sampling their memory.
        std::array<qint64, serverCount> peakRss {};
        const auto tick = [&] {
            for (int i = 0; i < serverCount; ++i) {
                auto &server = *servers[static_cast<std::size_t>(i)];
                server.output();
                if (server.pid() > 0)
                    peakRss[static_cast<std::size_t>(i)] =
                        std::max(peakRss[static_cast<std::size_t>(i)], rssKb(server.pid()));
            }
        };
        const auto runUntil = [&](qint64 ms) {
            while (shared.recorder.nowMs() < ms) {
                tick();
                QThread::msleep(200);
            }
        };
        const qint64 t0 = shared.recorder.nowMs();
        runUntil(t0 + 10000);
        shared.recorder.begin(Fault::ServerKilled, 0);
        servers[0]->kill();
        runUntil(t0 + 13000);
        QVERIFY2(servers[0]->start(60000), qPrintable(servers[0]->error()));
        // start() may have matched the first run's "listening" line: wait for the new process.
        for (int i = 0; i < 300; ++i) {
            const HttpProbe::Result health =
                HttpProbe(std::chrono::milliseconds(2000)).request(shared.ports[0], "GET", "/health");
            if (health.outcome == HttpProbe::Outcome::Answered)
                break;
            tick();
            QThread::msleep(100);
        }
        shared.recorder.end(Fault::ServerKilled);

        runUntil(t0 + 22000);
        shared.recorder.begin(Fault::PostgresDown);
        QVERIFY2(cluster.stop(QStringLiteral("fast"), &error), qPrintable(error));
        runUntil(t0 + 25000);
        QVERIFY2(cluster.start(&error), qPrintable(error));
        shared.recorder.end(Fault::PostgresDown);

        runUntil(t0 + 38000);
        shared.recorder.begin(Fault::RedisDown);
        redis.stop();
        runUntil(t0 + 48000);
        QVERIFY(redis.start());
        shared.recorder.end(Fault::RedisDown);

        runUntil(t0 + loadMs);
        shared.stop = true;
        for (std::thread &thread : threads)
            thread.join();
        tick();

        // Every job reaches an end (the killed instance's leases expire and others take over).
        const QString connection = QStringLiteral("soak-check");
        int open = -1;
        QHash<QString, QString> stored; // job id -> status
        int duplicateResults = -1;
        int jobsWithoutResult = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            const QUrl url = cluster.url();
            db.setHostName(url.host());
            db.setPort(url.port());
            db.setUserName(url.userName());
            db.setDatabaseName(url.path().mid(1));
            QVERIFY(db.open());
            QSqlQuery query(db);
            for (int i = 0; i < 360 && open != 0; ++i) {
                if (i > 0) {
                    tick();
                    QThread::msleep(500);
                }
                QVERIFY(query.exec(QStringLiteral(
                    "SELECT count(*) FROM analysis_jobs WHERE status IN ('queued', 'processing')")));
                QVERIFY(query.next());
                open = query.value(0).toInt();
            }
            QVERIFY(query.exec(QStringLiteral("SELECT job_id, status FROM analysis_jobs")));
            while (query.next())
                stored.insert(query.value(0).toString(), query.value(1).toString());
            QVERIFY(query.exec(
                QStringLiteral("SELECT count(*) FROM (SELECT job_id, ticker FROM analysis_results "
                               "WHERE job_id IS NOT NULL GROUP BY job_id, ticker HAVING count(*) > 1) d")));
            QVERIFY(query.next());
            duplicateResults = query.value(0).toInt();
            QVERIFY(query.exec(QStringLiteral(
                "SELECT count(*) FROM analysis_jobs j WHERE j.status = 'completed' AND NOT EXISTS "
                "(SELECT 1 FROM analysis_results r WHERE r.job_id = j.job_id)")));
            QVERIFY(query.next());
            jobsWithoutResult = query.value(0).toInt();
        }
        QSqlDatabase::removeDatabase(connection);

        const SoakRecorder::Summary summary = shared.recorder.summarize(15000, 5000);
        QStringList counts;
        for (auto it = summary.byOpAndStatus.cbegin(); it != summary.byOpAndStatus.cend(); ++it)
            counts.append(it.key() + QLatin1Char('=') + QString::number(it.value()));
        counts.sort();
        int notCompleted = 0;
        for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
            if (it.value() != QLatin1String("completed"))
                ++notCompleted;
        }
        QSet<QString> storedIds(stored.keyBegin(), stored.keyEnd());
        storedIds.remove(QString::fromUtf8(shared.seedJob));
        const QSet<QString> lost = shared.acknowledged - storedIds;
        const int unacknowledged = static_cast<int>((storedIds - shared.acknowledged).size());
        qInfo("requests %d, worst %lld ms, unexpected %d, timed out %d, shed (503 busy) %d", summary.requests,
            summary.worstMs, summary.unexpected, summary.timedOut, summary.shed);
        for (auto it = summary.unexpectedByKey.cbegin(); it != summary.unexpectedByKey.cend(); ++it)
            qInfo("unexpected %s: %d", qPrintable(it.key()), it.value());
        qInfo("by outcome: %s", qPrintable(counts.join(QStringLiteral(", "))));
        qInfo("jobs: acknowledged %lld, stored %lld, lost %lld, stored without an answer %d (ambiguous "
              "requests %d), "
              "still open %d, not completed %d, completed without a result %d, duplicate results %d",
            static_cast<long long>(shared.acknowledged.size()), static_cast<long long>(storedIds.size()),
            static_cast<long long>(lost.size()), unacknowledged, shared.ambiguous.load(), open, notCompleted,
            jobsWithoutResult, duplicateResults);
        qInfo(
            "peak RSS (MB): %.1f, %.1f, %.1f", peakRss[0] / 1024.0, peakRss[1] / 1024.0, peakRss[2] / 1024.0);
        for (const QString &example : summary.examples)
            qInfo("unexpected: %s", qPrintable(example));

        QVERIFY(shared.acknowledged.size() > 50); // the load really created jobs
        QCOMPARE(summary.timedOut, 0);
        QCOMPARE(summary.unexpected, 0);
        QCOMPARE(open, 0);
        QVERIFY2(lost.isEmpty(), qPrintable(QStringList(lost.values()).join(QLatin1Char(' '))));
        QVERIFY(unacknowledged <= shared.ambiguous.load()); // nothing created twice
        QCOMPARE(duplicateResults, 0);
        QCOMPARE(notCompleted, 0);
        QCOMPARE(jobsWithoutResult, 0);
        for (qint64 peak : peakRss)
            QVERIFY2(peak > 0 && peak < rssBoundKb, qPrintable(QString::number(peak)));
    }
};

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_soak.moc"
