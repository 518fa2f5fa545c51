// The console's Session facade and job event reader against real `thetool serve`
// processes: health, logs and job signals; the version check; the event reader falling back
// to polling when its stream is cut or refused (a relay in front of the server) or the
// server is killed and restarted, and missing no event (ids compared with the server's log).
#include <QSignalSpy>
#include <QTest>

#include <memory>

#include "client/api/apiclient.h"
#include "client/api/eventstream.h"
#include "client/api/session.h"
#include "tests/api/serverprocess.h"
#include "tests/client/clienttestsupport.h"
#include "tests/client/cuttingproxy.h"

using namespace thetool::client;
using namespace thetool::test;

namespace {
constexpr int waitMs = clientWaitMs;
} // namespace

class TestClientEvents : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ApiClient> m_client;

    QString analyzeDemo(ApiClient &client, const QString &ticker)
    {
        return thetool::test::analyzeDemo(client, this, ticker);
    }
    QList<qint64> serverEventIds() { return thetool::test::serverEventIds(*m_client, this); }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
        m_client = std::make_unique<ApiClient>();
        m_client->setServer(urlOf(m_server->port()), m_server->masterKey());
    }

    void sessionSignals()
    {
        ApiClient client;
        Session session(client);
        session.setHealthInterval(200);
        session.setLogInterval(200);
        QSignalSpy health(&session, &Session::healthUpdated);
        QSignalSpy source(&session, &Session::sourceChanged);
        QSignalSpy jobs(&session, &Session::jobsChanged);
        QSignalSpy lines(&session, &Session::logLines);
        QSignalSpy mismatch(&session, &Session::versionMismatch);
        session.connectTo(urlOf(m_server->port()), m_server->masterKey());
        QCOMPARE(source.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(health.size() >= 2, waitMs); // polled, not once
        QCOMPARE(session.state(), Session::State::Connected);
        QCOMPARE(health.last().first().value<HealthInfo>().status, QStringLiteral("ok"));
        QVERIFY(session.lastLatencyMs() >= 0);
        QVERIFY(mismatch.isEmpty()); // the same build
        QTRY_COMPARE_WITH_TIMEOUT(session.eventTransport(), EventStream::Transport::Streaming, waitMs);

        session.setLogsFollowing(true);
        QTRY_VERIFY_WITH_TIMEOUT(!lines.isEmpty(), waitMs);

        const QString jobId = analyzeDemo(client, QStringLiteral("SBIN.NS"));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QList<JobEvent> all;
                for (const auto &args : jobs)
                    all += args.first().value<QList<JobEvent>>();
                return hasFinished(all, jobId);
            }(),
            waitMs);

        // A major-version mismatch warns on connect.
        session.setClientVersion(QStringLiteral("99.0.0"));
        session.connectTo(urlOf(m_server->port()), m_server->masterKey());
        QTRY_COMPARE_WITH_TIMEOUT(mismatch.size(), 1, waitMs);
        QCOMPARE(mismatch.first().at(1).toString(), QStringLiteral("99.0.0"));
        QVERIFY(Session::isMajorMismatch(QStringLiteral("1.2.0 (rev x)"), QStringLiteral("2.0.0")));
        QVERIFY(!Session::isMajorMismatch(QStringLiteral("0.1.0 (rev x)"), QStringLiteral("0.9.1")));
        QVERIFY(!Session::isMajorMismatch(QString(), QStringLiteral("0.9.1")));

        session.disconnectFromServer();
        QCOMPARE(session.state(), Session::State::Disconnected);
        QCOMPARE(session.eventTransport(), EventStream::Transport::Stopped);
    }

    void streamFallsBackToPollingAndMissesNothing()
    {
        CuttingProxy proxy(m_server->port());
        QVERIFY(proxy.listen());
        ApiClient client;
        client.setServer(urlOf(proxy.port()), m_server->masterKey());
        EventStream events(client);
        events.setPollInterval(200);
        events.setRetryInterval(300);
        events.setMaxRetryInterval(600);
        QList<JobEvent> got;
        QList<EventStream::Transport> deliveredBy; // the transport when each event arrived
        connect(&events, &EventStream::eventsReceived, this, [&](const QList<JobEvent> &batch) {
            got += batch;
            for (qsizetype i = 0; i < batch.size(); ++i)
                deliveredBy.append(events.transport());
        });
        events.start(0); // the whole log, so it can be compared with the server's
        QTRY_COMPARE_WITH_TIMEOUT(events.transport(), EventStream::Transport::Streaming, waitMs);

        // 1. Streaming.
        const QString first = analyzeDemo(client, QStringLiteral("ITC.NS"));
        QTRY_VERIFY_WITH_TIMEOUT(hasFinished(got, first), waitMs);

        // 2. The stream is cut and new streams are refused: polling carries the events.
        proxy.setRefuseStreams(true);
        QCOMPARE(proxy.cutStreams(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(events.transport(), EventStream::Transport::Polling, waitMs);
        const qsizetype beforeSecond = got.size();
        const QString second = analyzeDemo(client, QStringLiteral("WIPRO.NS"));
        QTRY_VERIFY_WITH_TIMEOUT(hasFinished(got, second), waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(proxy.streamsRefused() >= 1, waitMs); // it kept trying the stream
        QCOMPARE(events.transport(), EventStream::Transport::Polling);
        for (qsizetype i = beforeSecond; i < got.size(); ++i)
            QCOMPARE(deliveredBy[i], EventStream::Transport::Polling);

        // 3. Streams are allowed again: back to streaming, resuming from the cursor.
        proxy.setRefuseStreams(false);
        QTRY_COMPARE_WITH_TIMEOUT(events.transport(), EventStream::Transport::Streaming, waitMs);
        const QString third = analyzeDemo(client, QStringLiteral("LT.NS"));
        QTRY_VERIFY_WITH_TIMEOUT(hasFinished(got, third), waitMs);
        QVERIFY(proxy.streamsOpened() >= 2);

        // 4. A cut with nothing refused: reconnects (via polling) and goes on.
        QCOMPARE(proxy.cutStreams(), 1);
        const QString fourth = analyzeDemo(client, QStringLiteral("TITAN.NS"));
        QTRY_VERIFY_WITH_TIMEOUT(hasFinished(got, fourth), waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(events.transport(), EventStream::Transport::Streaming, waitMs);
        QVERIFY(proxy.streamsOpened() >= 3);

        // Every event the server holds, once each, in order.
        QTRY_COMPARE_WITH_TIMEOUT(idsOf(got), serverEventIds(), waitMs);
        qInfo("%lld events, %d streams opened, %d refused", qint64(got.size()), proxy.streamsOpened(),
            proxy.streamsRefused());
    }

    void streamSurvivesServerRestart()
    {
        // A separate server: killed (no clean end of stream) and started again on its port.
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const quint16 port = server.port();
        ApiClient client;
        client.setServer(urlOf(port), server.masterKey());
        EventStream events(client);
        events.setPollInterval(200);
        events.setRetryInterval(300);
        events.setMaxRetryInterval(600);
        QList<JobEvent> got;
        connect(
            &events, &EventStream::eventsReceived, this, [&](const QList<JobEvent> &batch) { got += batch; });
        events.start(); // from now
        QTRY_COMPARE_WITH_TIMEOUT(events.transport(), EventStream::Transport::Streaming, waitMs);
        const QString before = analyzeDemo(client, QStringLiteral("ONGC.NS"));
        QTRY_VERIFY_WITH_TIMEOUT(hasFinished(got, before), waitMs);

        server.kill();
        QTRY_COMPARE_WITH_TIMEOUT(events.transport(), EventStream::Transport::Polling, waitMs);
        server.setEnv(QStringLiteral("PORT"), QString::number(port));
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(server.port(), port);
        // start() may have seen the first run's "listening" line: wait for the new process.
        QTRY_VERIFY_WITH_TIMEOUT(
            await<HealthInfo>([&](auto done) { client.health(this, done); }).ok(), waitMs);
        const QString after = analyzeDemo(client, QStringLiteral("NTPC.NS"));
        QTRY_VERIFY_WITH_TIMEOUT(hasFinished(got, after), waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(events.transport(), EventStream::Transport::Streaming, waitMs);

        ApiClient check;
        check.setServer(urlOf(port), server.masterKey());
        const auto all = await<EventPage>([&](auto done) { check.pollEvents(0, 1000, {}, this, done); });
        QVERIFY(all.ok());
        QCOMPARE(idsOf(got), idsOf(all->events)); // started at 0: an empty log then
    }
};

QTEST_GUILESS_MAIN(TestClientEvents)
#include "tst_clientevents.moc"
