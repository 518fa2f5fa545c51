// Slow clients (issue 23): 500 connections from 127.0.0.2-127.0.0.9 each sending one byte a
// second must not keep 127.0.0.1 from being served, and the server must cut them off at its
// header timeout (HEADER_TIMEOUT, 10 s here, 30 s by default) rather than hold them forever.
#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/api/serverprocess.h"
#include "tests/reliability/httpprobe.h"

using thetool::test::HttpProbe;
using thetool::test::ServerProcess;

namespace {

constexpr int slowConnections = 500; // 8 addresses × 62-63: under the 128 per client, 1,024 in all
constexpr qint64 runMs = 22000; // past the 10 s header timeout, so every slow client is cut off

struct SlowStats {
    std::atomic<int> opened {0};
    std::atomic<int> connectFailures {0};
    std::atomic<int> closedByServer {0};
    std::atomic<int> peakOpen {0};
};

// One thread drives all slow connections: a byte each per second of a request that never
// completes; a connection the server closes is counted and opened again.
void runSlowClients(quint16 port, SlowStats *stats, const std::atomic<bool> *stop)
{
    static const QByteArray request =
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + QByteArray(200, 'x') + "\r\n\r\n";
    struct Slow {
        int fd = -1;
        QString source;
        qsizetype sent = 0;
    };
    std::vector<Slow> slow(slowConnections);
    const auto open = [&](Slow &s) {
        s.fd = HttpProbe::connectFrom(s.source, port, false);
        s.sent = 0;
        if (s.fd < 0)
            ++stats->connectFailures;
        else
            ++stats->opened;
    };
    for (int i = 0; i < slowConnections; ++i) {
        slow[i].source = QStringLiteral("127.0.0.%1").arg(2 + i % 8);
        open(slow[i]);
    }
    while (!stop->load()) {
        int openNow = 0;
        for (Slow &s : slow) {
            if (s.fd < 0) {
                open(s);
                continue;
            }
            char sink[512];
            const ssize_t n = ::recv(s.fd, sink, sizeof sink, MSG_DONTWAIT);
            const bool closed = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
            if (!closed && ::send(s.fd, request.constData() + s.sent % request.size(), 1, MSG_NOSIGNAL) == 1)
                ++s.sent;
            if (closed || n > 0) { // an answer (408) or a close: the server ended it
                ++stats->closedByServer;
                ::close(s.fd);
                s.fd = -1;
                continue;
            }
            ++openNow;
        }
        stats->peakOpen = std::max(stats->peakOpen.load(), openNow);
        for (int i = 0; i < 10 && !stop->load(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (Slow &s : slow) {
        if (s.fd >= 0)
            ::close(s.fd);
    }
}

} // namespace

class TestSlowClients : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalClientServedBesideSlowOnes()
    {
        ServerProcess server;
        server.setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
        server.setEnv(QStringLiteral("HEADER_TIMEOUT"), QStringLiteral("10"));
        QVERIFY2(server.start(), qPrintable(server.error()));

        SlowStats stats;
        std::atomic<bool> stop {false};
        std::thread slowThread(runSlowClients, server.port(), &stats, &stop);

        // 127.0.0.1: one request after another for the whole run, each bounded.
        const HttpProbe probe(std::chrono::milliseconds(5000));
        int served = 0;
        int failed = 0;
        qint64 worstMs = 0;
        QElapsedTimer timer;
        timer.start();
        QThread::msleep(1500); // the slow connections are open first
        while (timer.elapsed() < runMs) {
            const HttpProbe::Result result = probe.request(server.port(), "GET", "/health");
            if (result.outcome == HttpProbe::Outcome::Answered && result.status == 200)
                ++served;
            else
                ++failed;
            worstMs = std::max(worstMs, result.elapsedMs);
            server.output(); // drain the log pipe
            QThread::msleep(20);
        }
        stop = true;
        slowThread.join();

        qInfo("slow: opened %d, peak open %d, connect failures %d, closed by the server %d; "
              "127.0.0.1: %d served, %d failed, worst %lld ms",
            stats.opened.load(), stats.peakOpen.load(), stats.connectFailures.load(),
            stats.closedByServer.load(), served, failed, worstMs);
        QCOMPARE(failed, 0);
        QVERIFY(served > 100);
        // The bound is a hang detector, not a latency target.
        QVERIFY2(worstMs < 5000, qPrintable(QString::number(worstMs)));
        QVERIFY2(
            stats.peakOpen.load() >= slowConnections - 10, "the slow connections were not all held open");
        // Every slow client was cut off by the read timeout, none was served.
        QVERIFY2(stats.closedByServer.load() >= slowConnections - 10, "slow clients were not timed out");
        QVERIFY(server.get("/health").has_value());
    }
};

QTEST_GUILESS_MAIN(TestSlowClients)
#include "tst_slowclients.moc"
