// HttpServer limits and malformed input over real sockets: 413 before the body, 431,
// 400 or a clean close for garbage, 100-continue, body limits per route.
#include "tests/http/testserver.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace thetool;
using test::errorOf;
using test::jsonOf;
using test::RawClient;

namespace {

qint64 rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

class TestHttpLimits : public QObject
{
    Q_OBJECT

    test::TestServer m_test;

private Q_SLOTS:
    void cleanup() { m_test.reset(); }

    void hugeContentLengthIs413BeforeAnyBodyByte()
    {
        QVERIFY(m_test.start());
        // Warm up with the same path and a barely-too-large length, so one-time costs
        // (thread-local caches, first log line, sanitizer allocator regions) are not
        // counted: the growth measured below is what the 2 GiB promise costs.
        const auto warmUp =
            m_test.roundTrip("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1048577\r\n\r\n");
        QVERIFY(warmUp);
        QCOMPARE(warmUp->status, 413);
        const qint64 before = rssKiB();
        QVERIFY(before > 0);
        for (const QByteArray &target : {QByteArray("/echo"), QByteArray("/big-upload")}) {
            RawClient client;
            QVERIFY(client.connectTo(m_test.port()));
            // Headers only: the 413 must arrive although not one body byte was sent.
            QVERIFY(client.send("POST " + target
                + " HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\n"
                  "Content-Length: 2147483648\r\n\r\n"));
            const auto response = client.readResponse();
            QVERIFY(response);
            QCOMPARE(response->status, 413);
            QCOMPARE(errorOf(*response).value(QStringLiteral("code")).toString(),
                QStringLiteral("PAYLOAD_TOO_LARGE"));
            QCOMPARE(response->header("Connection").toLower(), QByteArray("close"));
            QCOMPARE(client.waitClosed(), RawClient::CloseResult::Closed);
        }
        const qint64 grown = rssKiB() - before;
        qInfo() << "RSS growth (KiB):" << grown;
        QVERIFY2(grown < 2048, qPrintable(QString::number(grown)));
    }

    void oversizedHeaderIs431()
    {
        QVERIFY(m_test.start());
        RawClient client;
        QVERIFY(client.connectTo(m_test.port()));
        QVERIFY(client.send(
            "GET /ping HTTP/1.1\r\nHost: t\r\nX-Filler: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n"));
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 431);
        QCOMPARE(
            errorOf(*response).value(QStringLiteral("code")).toString(), QStringLiteral("HEADER_TOO_LARGE"));
        QCOMPARE(client.waitClosed(), RawClient::CloseResult::Closed);
    }

    void garbageGets400OrCloseAndServerKeepsAnswering_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff\xfe garbage\r\n\r\n", 18);
        QTest::newRow("no version") << QByteArray("GET /ping\r\n\r\n");
        QTest::newRow("bad version") << QByteArray("GET /ping HTTP/x.y\r\n\r\n");
        QTest::newRow("header without colon") << QByteArray("GET /ping HTTP/1.1\r\nBad Header\r\n\r\n");
        QTest::newRow("bad content length")
            << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
        QTest::newRow("two content lengths") << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 1\r\n"
                                                           "Content-Length: 2\r\n\r\nab");
        QTest::newRow("absolute target") << QByteArray("GET http://evil/ping HTTP/1.1\r\nHost: t\r\n\r\n");
        QTest::newRow("bad chunk") << QByteArray(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
            "zz\r\nhello\r\n0\r\n\r\n");
        QTest::newRow("eof mid header") << QByteArray("GET /ping HTTP/1.1\r\nHo");
    }

    void garbageGets400OrCloseAndServerKeepsAnswering()
    {
        QFETCH(QByteArray, bytes);
        QVERIFY(m_test.start());
        RawClient client;
        QVERIFY(client.connectTo(m_test.port()));
        QVERIFY(client.send(bytes));
        if (QByteArray(QTest::currentDataTag()) == "eof mid header")
            client.shutdownWrite();
        const auto response = client.readResponse();
        if (response) {
            QCOMPARE(response->status, 400);
            QCOMPARE(
                errorOf(*response).value(QStringLiteral("code")).toString(), QStringLiteral("BAD_REQUEST"));
        }
        QCOMPARE(client.waitClosed(), RawClient::CloseResult::Closed);
        const auto after = m_test.roundTrip(RawClient::get("/ping"));
        QVERIFY(after);
        QCOMPARE(after->status, 200);
    }

    void mutatedRequestsNeverCrash()
    {
        // Valid requests with random bytes flipped, cut or appended (fixed seed): each gets
        // an answer or a close, and the server keeps answering.
        QVERIFY(m_test.start());
        const QList<QByteArray> seeds = {RawClient::get("/items/1?q=a", "X-Request-ID: r1\r\n"),
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"};
        QRandomGenerator random(20261129);
        for (int round = 0; round < 300; ++round) {
            QByteArray bytes = seeds.at(round % seeds.size());
            const int edits = 1 + static_cast<int>(random.bounded(6));
            for (int e = 0; e < edits; ++e) {
                const auto at = static_cast<qsizetype>(random.bounded(static_cast<quint32>(bytes.size())));
                switch (random.bounded(3)) {
                case 0:
                    bytes[at] = static_cast<char>(random.bounded(256));
                    break;
                case 1:
                    bytes.truncate(at + 1);
                    break;
                default:
                    bytes.insert(at, static_cast<char>(random.bounded(256)));
                    break;
                }
            }
            RawClient client;
            QVERIFY(client.connectTo(m_test.port()));
            QVERIFY(client.send(bytes));
            client.shutdownWrite(); // end of input: nothing left to wait for
            while (client.readResponse()) { }
            QVERIFY2(!client.timedOut(), bytes.toPercentEncoding().constData());
        }
        const auto after = m_test.roundTrip(RawClient::get("/ping"));
        QVERIFY(after);
        QCOMPARE(after->status, 200);
    }

    void transferEncodingWithContentLengthIs400_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::newRow("CL then TE") << QByteArray("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n");
        QTest::newRow("TE then CL") << QByteArray("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n");
    }

    void transferEncodingWithContentLengthIs400()
    {
        QFETCH(QByteArray, headers);
        QVERIFY(m_test.start());
        const auto response =
            m_test.roundTrip("POST /echo HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n5\r\nhello\r\n0\r\n\r\n");
        QVERIFY(response);
        QCOMPARE(response->status, 400);
    }

    void expectContinue()
    {
        QVERIFY(m_test.start());
        RawClient client;
        QVERIFY(client.connectTo(m_test.port()));
        QVERIFY(
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
                        "Expect: 100-continue\r\n\r\n"));
        const auto interim = client.readResponse();
        QVERIFY(interim);
        QCOMPARE(interim->status, 100);
        QVERIFY(client.send("hello"));
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, QByteArray("hello"));

        // Too large: refused at once, no 100 Continue.
        RawClient big;
        QVERIFY(big.connectTo(m_test.port()));
        QVERIFY(big.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n"));
        const auto refused = big.readResponse();
        QVERIFY(refused);
        QCOMPARE(refused->status, 413);
    }

    void bodyLimitDefaultAndPerRoute()
    {
        QVERIFY(m_test.start());
        const QByteArray overDefault(1024 * 1024 + 1, 'x');
        const auto refused = m_test.roundTrip("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: "
            + QByteArray::number(overDefault.size()) + "\r\n\r\n" + overDefault);
        QVERIFY(refused);
        QCOMPARE(refused->status, 413);

        const QByteArray upload(3 * 1024 * 1024, 'u');
        const auto accepted = m_test.roundTrip("POST /big-upload HTTP/1.1\r\nHost: t\r\nContent-Length: "
            + QByteArray::number(upload.size()) + "\r\n\r\n" + upload);
        QVERIFY(accepted);
        QCOMPARE(accepted->status, 200);
        QCOMPARE(jsonOf(*accepted).value(QStringLiteral("bytes")).toInteger(), upload.size());

        const auto exact =
            m_test.roundTrip("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1048576\r\n\r\n"
                + QByteArray(1024 * 1024, 'e'));
        QVERIFY(exact);
        QCOMPARE(exact->status, 200);
        QCOMPARE(exact->body.size(), 1024 * 1024);
    }

    void chunkedBodyOverLimitIs413()
    {
        QVERIFY(m_test.start());
        QByteArray request("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
        const QByteArray chunk(64 * 1024, 'c');
        for (int i = 0; i < 20; ++i) // 1.25 MiB in total
            request += "10000\r\n" + chunk + "\r\n";
        request += "0\r\n\r\n";
        const auto response = m_test.roundTrip(request);
        QVERIFY(response);
        QCOMPARE(response->status, 413);

        const auto small =
            m_test.roundTrip("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        QVERIFY(small);
        QCOMPARE(small->status, 200);
        QCOMPARE(small->body, QByteArray("hello world"));
    }
};

QTEST_GUILESS_MAIN(TestHttpLimits)
#include "tst_http_limits.moc"
