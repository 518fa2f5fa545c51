// HttpServer connections over real sockets: ordering, keep-alive, timeouts, caps, the
// handler queue, clients that vanish, concurrency and graceful stop.
#include "tests/http/testserver.h"

#include <QElapsedTimer>
#include <QSemaphore>
#include <QTest>

#include <atomic>
#include <cerrno>
#include <future>
#include <thread>

using namespace thetool;
using test::errorOf;
using test::jsonOf;
using test::RawClient;

class TestHttpConnections : public QObject
{
    Q_OBJECT

    test::TestServer m_test;

private Q_SLOTS:
    void cleanup() { m_test.reset(); }

    void pipelinedRequestsAnsweredInOrder()
    {
        QVERIFY(m_test.start());
        RawClient client;
        QVERIFY(client.connectTo(m_test.port()));
        // One write: the fast second request sits behind the slow first one.
        QVERIFY(client.send(RawClient::get("/slow?ms=400") + RawClient::get("/items/second")
            + RawClient::get("/items/third")));
        const auto first = client.readResponse();
        const auto second = client.readResponse();
        const auto third = client.readResponse();
        QVERIFY(first && second && third);
        QCOMPARE(jsonOf(*first).value(QStringLiteral("slept")).toInt(), 400);
        QCOMPARE(jsonOf(*second).value(QStringLiteral("id")).toString(), QStringLiteral("second"));
        QCOMPARE(jsonOf(*third).value(QStringLiteral("id")).toString(), QStringLiteral("third"));
    }

    void connectionCloseCloses()
    {
        QVERIFY(m_test.start());
        RawClient client;
        QVERIFY(client.connectTo(m_test.port()));
        QVERIFY(client.send(RawClient::get("/ping", "Connection: close\r\n")));
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("Connection").toLower(), QByteArray("close"));
        QCOMPARE(client.waitClosed(), RawClient::CloseResult::Closed);
    }

    void http10ClosesUnlessKeepAlive()
    {
        QVERIFY(m_test.start());
        RawClient client;
        QVERIFY(client.connectTo(m_test.port()));
        QVERIFY(client.send("GET /ping HTTP/1.0\r\n\r\n"));
        const auto response = client.readResponse();
        QVERIFY(response);
        QVERIFY(response->statusLine.startsWith("HTTP/1.0 200"));
        QCOMPARE(client.waitClosed(), RawClient::CloseResult::Closed);

        RawClient keep;
        QVERIFY(keep.connectTo(m_test.port()));
        for (int i = 0; i < 2; ++i) {
            QVERIFY(keep.send("GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
            const auto again = keep.readResponse();
            QVERIFY(again);
            QCOMPARE(again->status, 200);
        }
    }

    void thousandRequestsOnOneConnection()
    {
        QVERIFY(m_test.start());
        RawClient client;
        QVERIFY(client.connectTo(m_test.port()));
        int ok = 0;
        for (int i = 0; i < 1000; ++i) {
            if (!client.send(RawClient::get("/items/" + QByteArray::number(i))))
                break;
            const auto response = client.readResponse();
            if (!response || response->status != 200
                || jsonOf(*response).value(QStringLiteral("id")).toString() != QString::number(i))
                break;
            ++ok;
        }
        QCOMPARE(ok, 1000);
    }

    void headIsGetWithoutBody()
    {
        QVERIFY(m_test.start());
        RawClient client;
        QVERIFY(client.connectTo(m_test.port()));
        QVERIFY(client.send("HEAD /items/abc HTTP/1.1\r\nHost: t\r\n\r\n" + RawClient::get("/items/next")));
        const auto head = client.readHeadResponse();
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        QCOMPARE(head->header("Content-Length"), QByteArray("19")); // {"id":"abc","q":""}
        const auto next = client.readResponse(); // no stray body bytes in between
        QVERIFY(next);
        QCOMPARE(jsonOf(*next).value(QStringLiteral("id")).toString(), QStringLiteral("next"));
    }

    void stalledHeaderClosedAtTimeout()
    {
        http::HttpServerOptions options = test::testServerOptions();
        options.readTimeout = std::chrono::milliseconds(500);
        QVERIFY(m_test.start(options));
        RawClient client(20000); // far beyond the server's timeout: a hang fails the test
        QVERIFY(client.connectTo(m_test.port()));
        QVERIFY(client.send("GET /ping HTTP/1.1\r\nHost: t\r\n"));
        QCOMPARE(client.waitClosed(), RawClient::CloseResult::Closed);
    }

    void idleKeepAliveClosedAtTimeout()
    {
        http::HttpServerOptions options = test::testServerOptions();
        options.idleTimeout = std::chrono::milliseconds(500);
        QVERIFY(m_test.start(options));
        RawClient client(20000);
        QVERIFY(client.connectTo(m_test.port()));
        QVERIFY(client.send(RawClient::get("/ping")));
        QVERIFY(client.readResponse());
        QCOMPARE(client.waitClosed(), RawClient::CloseResult::Closed);
    }

    void connectionOverMaximumGets503()
    {
        http::HttpServerOptions options = test::testServerOptions();
        options.maxConnections = 3;
        QVERIFY(m_test.start(options));
        std::vector<std::unique_ptr<RawClient>> open;
        for (int i = 0; i < 3; ++i) {
            open.push_back(std::make_unique<RawClient>());
            QVERIFY(open.back()->connectTo(m_test.port()));
            QVERIFY(open.back()->send(RawClient::get("/ping")));
            const auto response = open.back()->readResponse();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
        }
        RawClient extra;
        QVERIFY(extra.connectTo(m_test.port()));
        QVERIFY(extra.send(RawClient::get("/ping")));
        const auto refused = extra.readResponse();
        QVERIFY(refused);
        QCOMPARE(refused->status, 503);
        QCOMPARE(refused->header("Retry-After"), QByteArray("1"));
        QCOMPARE(errorOf(*refused).value(QStringLiteral("code")).toString(),
            QStringLiteral("SERVICE_UNAVAILABLE"));
        QCOMPARE(extra.waitClosed(), RawClient::CloseResult::Closed);

        // The admitted ones keep working; a freed slot admits again.
        QVERIFY(open.front()->send(RawClient::get("/ping")));
        QVERIFY(open.front()->readResponse());
        open.pop_back();
        QTRY_COMPARE_WITH_TIMEOUT(m_test.server().openConnections(), 2, 10000);
        const auto later = m_test.roundTrip(RawClient::get("/ping"));
        QVERIFY(later);
        QCOMPARE(later->status, 200);
    }

    void perClientCap()
    {
        http::HttpServerOptions options = test::testServerOptions();
        options.maxConnectionsPerClient = 2;
        QVERIFY(m_test.start(options));
        RawClient a, b, c;
        for (RawClient *client : {&a, &b}) {
            QVERIFY(client->connectTo(m_test.port()));
            QVERIFY(client->send(RawClient::get("/ping")));
            QVERIFY(client->readResponse());
        }
        QVERIFY(c.connectTo(m_test.port()));
        QVERIFY(c.send(RawClient::get("/ping")));
        const auto refused = c.readResponse();
        QVERIFY(refused);
        QCOMPARE(refused->status, 503);
    }

    void fullHandlerQueueIs503WithRetryAfter()
    {
        http::HttpServerOptions options = test::testServerOptions();
        options.handlerThreads = 1;
        options.handlerQueueCapacity = 0;
        QSemaphore started;
        std::promise<void> gate;
        std::shared_future<void> opened = gate.get_future().share();
        test::TestRouteHooks hooks;
        hooks.block = [&started, opened] {
            started.release();
            opened.wait();
        };
        QVERIFY(m_test.start(options, hooks));
        RawClient busy;
        QVERIFY(busy.connectTo(m_test.port()));
        QVERIFY(busy.send(RawClient::get("/block")));
        QVERIFY(started.tryAcquire(1, 15000));

        RawClient other;
        QVERIFY(other.connectTo(m_test.port()));
        QVERIFY(other.send(RawClient::get("/ping")));
        const auto refused = other.readResponse();
        gate.set_value();
        QVERIFY(refused);
        QCOMPARE(refused->status, 503);
        QCOMPARE(refused->header("Retry-After"), QByteArray("1"));
        QCOMPARE(errorOf(*refused).value(QStringLiteral("code")).toString(),
            QStringLiteral("SERVICE_UNAVAILABLE"));

        const auto unblocked = busy.readResponse();
        QVERIFY(unblocked);
        QCOMPARE(unblocked->status, 200);
        // The 503 kept the connection. The thread that answered /block may not be back
        // waiting yet, so the retry honours Retry-After's spirit and tries again.
        int status = 0;
        QElapsedTimer retrying;
        retrying.start();
        while (status != 200 && retrying.elapsed() < 10000) {
            QVERIFY(other.send(RawClient::get("/ping")));
            const auto retried = other.readResponse();
            QVERIFY(retried);
            status = retried->status;
            if (status == 503)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QCOMPARE(status, 200);
    }

    void clientGoneWhileHandlerRuns()
    {
        // The case that crashes Qt HTTP Server 6.4: the response has nowhere to go.
        QSemaphore slowStarted;
        test::TestRouteHooks hooks;
        hooks.slowStarted = [&slowStarted] {
            slowStarted.release();
        };
        QVERIFY(m_test.start(test::testServerOptions(), hooks));
        for (int i = 0; i < 5; ++i) {
            RawClient client;
            QVERIFY(client.connectTo(m_test.port()));
            QVERIFY(client.send(RawClient::get("/slow?ms=200") + RawClient::get("/ping")));
            QVERIFY(slowStarted.tryAcquire(1, 15000));
            client.close();
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_test.server().openConnections(), 0, 15000);
        const auto after = m_test.roundTrip(RawClient::get("/ping"));
        QVERIFY(after);
        QCOMPARE(after->status, 200);
    }

    void concurrentClients()
    {
        QVERIFY(m_test.start());
        constexpr int clients = 8;
        constexpr int perClient = 60;
        std::atomic<int> ok = 0;
        std::vector<std::thread> threads;
        for (int c = 0; c < clients; ++c) {
            threads.emplace_back([this, c, &ok] {
                RawClient client;
                if (!client.connectTo(m_test.port()))
                    return;
                for (int i = 0; i < perClient; ++i) {
                    const bool fail = i % 10 == 0;
                    const QByteArray id = QByteArray::number(c) + '-' + QByteArray::number(i);
                    const QByteArray request = fail ? RawClient::get("/throw", "X-Request-ID: " + id + "\r\n")
                                                    : RawClient::get("/items/" + id);
                    if (!client.send(request))
                        return;
                    const auto response = client.readResponse();
                    if (!response)
                        return;
                    const bool right = fail
                        ? response->status == 500 && response->header("X-Request-ID") == id
                        : response->status == 200
                            && jsonOf(*response).value(QStringLiteral("id")).toString()
                                == QString::fromLatin1(id);
                    if (right)
                        ++ok;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(ok.load(), clients * perClient);
    }

    void stopFinishesInFlightAndRefusesNewConnections()
    {
        QSemaphore slowStarted;
        test::TestRouteHooks hooks;
        hooks.slowStarted = [&slowStarted] {
            slowStarted.release();
        };
        QVERIFY(m_test.start(test::testServerOptions(), hooks));
        const quint16 bound = m_test.port();
        RawClient idle;
        QVERIFY(idle.connectTo(bound));
        QVERIFY(idle.send(RawClient::get("/ping")));
        QVERIFY(idle.readResponse());
        RawClient slow;
        QVERIFY(slow.connectTo(bound));
        QVERIFY(slow.send(RawClient::get("/slow?ms=3000")));
        QVERIFY(slowStarted.tryAcquire(1, 15000));

        auto stopped = std::async(std::launch::async, [this] { return m_test.server().stop(); });
        bool refused = false;
        QElapsedTimer probing;
        probing.start();
        while (!refused && probing.elapsed() < 10000) {
            RawClient probe;
            refused = !probe.connectTo(bound) && probe.lastErrno() == ECONNREFUSED;
            if (!refused)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        QVERIFY(refused);
        QCOMPARE(idle.waitClosed(), RawClient::CloseResult::Closed);
        const auto response = slow.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("Connection").toLower(), QByteArray("close"));
        QVERIFY(stopped.get());
    }
};

QTEST_GUILESS_MAIN(TestHttpConnections)
#include "tst_http_connections.moc"
