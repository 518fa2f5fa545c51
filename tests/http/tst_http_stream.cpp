// Event streams (text/event-stream) in the HTTP server itself, in process: chunks in order,
// pings on an idle stream, a clean end, HEAD, a reader that leaves or stops reading, and the
// connection caps. The whole route (EventHub, job_events) is in tests/api/tst_events.cpp.
#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <mutex>

#include "backend/http/eventstream.h"
#include "backend/http/httpserver.h"
#include "tests/http/rawclient.h"
#include "tests/http/sseclient.h"
#include "tests/http/testserver.h"

using thetool::http::EventStream;
using thetool::test::RawClient;
using thetool::test::SseClient;

namespace {

// The streams the route handed out, for the test to push into.
struct Streams {
    std::mutex mutex;
    std::vector<std::shared_ptr<EventStream>> opened;
    std::size_t capacity = 64 * 1024;

    std::shared_ptr<EventStream> waitFor(std::size_t index, int timeoutMs = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            {
                std::lock_guard lock(mutex);
                if (opened.size() > index)
                    return opened.at(index);
            }
            QTest::qWait(10);
        }
        return nullptr;
    }
};

std::unique_ptr<thetool::http::HttpServer> startServer(
    const std::shared_ptr<Streams> &streams, thetool::http::HttpServerOptions options)
{
    thetool::http::Router router;
    router.add(
        "GET", QStringLiteral("/stream"),
        [streams](const thetool::http::HttpRequest &) {
            thetool::http::HttpResponse response;
            response.contentType = "text/event-stream";
            auto stream = std::make_shared<EventStream>(streams->capacity);
            {
                std::lock_guard lock(streams->mutex);
                streams->opened.push_back(stream);
            }
            response.eventStream = stream;
            return response;
        },
        thetool::http::Access::open());
    router.add(
        "GET", QStringLiteral("/ping"),
        [](const thetool::http::HttpRequest &) { return thetool::http::HttpResponse::text("pong"); },
        thetool::http::Access::open());
    auto server = std::make_unique<thetool::http::HttpServer>(options, std::move(router));
    if (!server->start())
        return nullptr;
    return server;
}

QByteArray message(int n)
{
    return "id: " + QByteArray::number(n) + "\ndata: {\"n\":" + QByteArray::number(n) + "}\n\n";
}

} // namespace

class TestHttpStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chunksArriveInOrderAndTheProducerEndsCleanly()
    {
        auto streams = std::make_shared<Streams>();
        auto server = startServer(streams, thetool::test::testServerOptions());
        QVERIFY(server);
        SseClient client;
        QVERIFY(client.open(server->port(), "/stream"));
        QCOMPARE(client.status(), 200);
        QCOMPARE(client.header("Content-Type"), QByteArray("text/event-stream"));
        QCOMPARE(client.header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(client.header("Transfer-Encoding"), QByteArray("chunked"));
        QVERIFY(client.header("Content-Length").isEmpty());
        auto stream = streams->waitFor(0);
        QVERIFY(stream);
        for (int i = 1; i <= 50; ++i)
            QVERIFY(stream->push(message(i)));
        const auto events = client.readEvents(50, 10000);
        QCOMPARE(events.size(), 50);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(events.at(i).id, i + 1);
        stream->finish();
        QVERIFY(client.waitClosed(10000));
        QVERIFY(client.endedCleanly());
        // The client sees the close before the server has counted the connection out.
        QTRY_COMPARE_WITH_TIMEOUT(server->openConnections(), 0, 5000);
    }

    void http10StreamIsDelimitedByTheClose()
    {
        auto streams = std::make_shared<Streams>();
        auto server = startServer(streams, thetool::test::testServerOptions());
        QVERIFY(server);
        SseClient client;
        client.setHttp10(true);
        QVERIFY(client.open(server->port(), "/stream"));
        QCOMPARE(client.status(), 200);
        QVERIFY(client.header("Transfer-Encoding").isEmpty());
        QVERIFY(client.header("Content-Length").isEmpty());
        auto stream = streams->waitFor(0);
        QVERIFY(stream);
        for (int i = 1; i <= 3; ++i)
            QVERIFY(stream->push(message(i)));
        stream->finish();
        QCOMPARE(client.readEvents(3, 10000).size(), 3);
        QVERIFY(client.waitClosed(10000));
        QVERIFY(!client.endedCleanly()); // no chunks on HTTP/1.0: the close is the end
    }

    void idleStreamGetsPingsAndNoIdleTimeout()
    {
        auto streams = std::make_shared<Streams>();
        auto options = thetool::test::testServerOptions();
        options.eventPingInterval = std::chrono::milliseconds(100);
        options.idleTimeout = std::chrono::milliseconds(200);
        options.readTimeout = std::chrono::milliseconds(200);
        auto server = startServer(streams, options);
        QVERIFY(server);
        SseClient client;
        QVERIFY(client.open(server->port(), "/stream"));
        QElapsedTimer timer;
        timer.start();
        while (client.commentCount() < 5 && timer.elapsed() < 10000)
            client.readEvents(1, 100);
        QVERIFY(client.commentCount() >= 5); // well past the idle and read timeouts, still open
        QVERIFY(streams->waitFor(0)->isOpen());
    }

    void headAndErrorsGetNoStream()
    {
        auto streams = std::make_shared<Streams>();
        auto server = startServer(streams, thetool::test::testServerOptions());
        QVERIFY(server);
        RawClient client;
        QVERIFY(client.connectTo(server->port()));
        QVERIFY(client.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n"));
        const auto head = client.readHeadResponse();
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        auto stream = streams->waitFor(0);
        QVERIFY(stream);
        QVERIFY(!stream->isOpen()); // the producer learns at once that nobody reads
        QVERIFY(!stream->push(message(1)));
    }

    void readerThatLeavesEndsTheStream()
    {
        auto streams = std::make_shared<Streams>();
        auto server = startServer(streams, thetool::test::testServerOptions());
        QVERIFY(server);
        auto client = std::make_unique<SseClient>();
        QVERIFY(client->open(server->port(), "/stream"));
        auto stream = streams->waitFor(0);
        QVERIFY(stream);
        client.reset();
        QElapsedTimer timer;
        timer.start();
        while (stream->isOpen() && timer.elapsed() < 10000)
            QTest::qWait(20);
        QCOMPARE(stream->end(), EventStream::End::Disconnected);
        QVERIFY(!stream->push(message(1)));
        timer.restart();
        while (server->openConnections() > 0 && timer.elapsed() < 10000)
            QTest::qWait(20);
        // The client sees the close before the server has counted the connection out.
        QTRY_COMPARE_WITH_TIMEOUT(server->openConnections(), 0, 5000);
    }

    void readerThatStopsReadingIsCutOffWhenItsQueueFills()
    {
        auto streams = std::make_shared<Streams>();
        streams->capacity = 16 * 1024;
        auto server = startServer(streams, thetool::test::testServerOptions());
        QVERIFY(server);
        SseClient paused(4096);
        QVERIFY(paused.open(server->port(), "/stream"));
        auto stream = streams->waitFor(0);
        QVERIFY(stream);
        // Pushes succeed while the socket buffers absorb them, then the queue fills: the
        // push that would overflow it fails and ends the stream. Bounded: 64 MiB at most.
        const QByteArray chunk = "data: " + QByteArray(1000, 'x') + "\n\n";
        int pushed = 0;
        while (pushed < 64 * 1024 && stream->push(chunk)) {
            ++pushed;
            if (pushed % 16 == 0)
                QTest::qWait(1); // let the I/O thread write what it can
        }
        qInfo("the paused reader took %d KiB before it was cut off", pushed);
        QVERIFY(pushed < 64 * 1024);
        QCOMPARE(stream->end(), EventStream::End::Overflowed);
        QVERIFY(paused.waitClosed(10000));
        QVERIFY(!paused.endedCleanly());
    }

    void streamsCountTowardTheConnectionCaps()
    {
        auto streams = std::make_shared<Streams>();
        auto options = thetool::test::testServerOptions();
        options.maxConnectionsPerClient = 2;
        auto server = startServer(streams, options);
        QVERIFY(server);
        SseClient first;
        SseClient second;
        QVERIFY(first.open(server->port(), "/stream"));
        QVERIFY(second.open(server->port(), "/stream"));
        QCOMPARE(first.status(), 200);
        QCOMPARE(second.status(), 200);
        SseClient third;
        QVERIFY(third.open(server->port(), "/stream"));
        QCOMPARE(third.status(), 503);
        QCOMPARE(server->openConnections(), 2);
        // Shutdown ends the streams at once, before the shutdown timeout.
        QVERIFY(server->stop());
        QVERIFY(first.waitClosed(5000));
        QVERIFY(first.endedCleanly());
    }
};

QTEST_GUILESS_MAIN(TestHttpStream)
#include "tst_http_stream.moc"
