// The server as a process: SIGTERM during a slow request lets it finish, refuses new
// connections and exits 0 within SHUTDOWN_TIMEOUT (http_test_server, as `thetool serve` will).
#include "tests/http/rawclient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <thread>

using thetool::test::RawClient;

class TestHttpProcess : public QObject
{
    Q_OBJECT

    // Reads stdout lines until one starts with `prefix`; bounded.
    static QByteArray waitForLine(QProcess &process, const QByteArray &prefix)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            while (process.canReadLine()) {
                const QByteArray line = process.readLine().trimmed();
                if (line.startsWith(prefix))
                    return line;
            }
            if (process.state() != QProcess::Running)
                return {};
            process.waitForReadyRead(1000);
        }
        return {};
    }

private Q_SLOTS:
    void sigtermFinishesSlowRequestThenExitsZero()
    {
        const int shutdownTimeoutMs = 10000;
        QProcess server;
        server.setProcessChannelMode(QProcess::SeparateChannels);
        server.setReadChannel(QProcess::StandardOutput);
        server.start(qEnvironmentVariable("HTTP_TEST_SERVER"),
            {QStringLiteral("--shutdown-timeout-ms"), QString::number(shutdownTimeoutMs)});
        QVERIFY2(server.waitForStarted(), qPrintable(server.errorString()));
        const QByteArray portLine = waitForLine(server, "port ");
        QVERIFY2(!portLine.isEmpty(), server.readAllStandardError().constData());
        const quint16 port = static_cast<quint16>(portLine.mid(5).toUInt());
        QVERIFY(port != 0);

        RawClient slow(30000);
        QVERIFY(slow.connectTo(port));
        QVERIFY(slow.send(RawClient::get("/slow?ms=3000")));
        QVERIFY(!waitForLine(server, "slow-start").isEmpty());

        QElapsedTimer sinceSignal;
        sinceSignal.start();
        QCOMPARE(::kill(static_cast<pid_t>(server.processId()), SIGTERM), 0);

        // While the slow request still runs, new connections are refused.
        bool refused = false;
        QElapsedTimer probing;
        probing.start();
        while (!refused && probing.elapsed() < 10000) {
            RawClient probe;
            refused = !probe.connectTo(port) && probe.lastErrno() == ECONNREFUSED;
            if (!refused)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY(refused);
        QCOMPARE(server.state(), QProcess::Running);

        const auto response = slow.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(
            QJsonDocument::fromJson(response->body).object().value(QStringLiteral("slept")).toInt(), 3000);

        // Generous bound: proves "exited by itself within SHUTDOWN_TIMEOUT", not a speed.
        QVERIFY(server.waitForFinished(shutdownTimeoutMs + 20000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        QVERIFY2(sinceSignal.elapsed() < shutdownTimeoutMs + 5000,
            qPrintable(QString::number(sinceSignal.elapsed())));
    }

    void sigintAlsoStopsCleanly()
    {
        QProcess server;
        server.setReadChannel(QProcess::StandardOutput);
        server.start(qEnvironmentVariable("HTTP_TEST_SERVER"), {});
        QVERIFY(server.waitForStarted());
        const QByteArray portLine = waitForLine(server, "port ");
        QVERIFY(!portLine.isEmpty());
        RawClient client;
        QVERIFY(client.connectTo(static_cast<quint16>(portLine.mid(5).toUInt())));
        QVERIFY(client.send(RawClient::get("/ping")));
        QVERIFY(client.readResponse());
        QCOMPARE(::kill(static_cast<pid_t>(server.processId()), SIGINT), 0);
        QCOMPARE(client.waitClosed(), RawClient::CloseResult::Closed); // idle keep-alive closed at once
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpProcess)
#include "tst_http_process.moc"
