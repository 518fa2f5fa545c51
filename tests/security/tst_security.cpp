#include <QTest>

#include "backend/security/authenticator.h"
#include "backend/security/clientaddress.h"
#include "backend/security/corspolicy.h"
#include "backend/security/ratelimiter.h"

using namespace thetool::security;
using namespace std::chrono_literals;

class TestSecurity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void masterKey()
    {
        const QString key = QStringLiteral("0123456789abcdef0123456789abcdef");
        MasterKeyAuthenticator auth(key);
        const auto principal = auth.authenticate(key);
        QVERIFY(principal.has_value());
        QCOMPARE(principal->scope, Scope::Admin);
        QVERIFY(!auth.authenticate(key + QLatin1Char('x')));
        QVERIFY(!auth.authenticate(key.left(31)));
        QVERIFY(!auth.authenticate(QString()));
        MasterKeyAuthenticator none {QString()};
        QVERIFY(!none.authenticate(QString()));
        QVERIFY(!none.authenticate(QStringLiteral("anything")));
    }

    void scopesNest()
    {
        QVERIFY(grants(Scope::Admin, Scope::Read));
        QVERIFY(grants(Scope::Analyze, Scope::Read));
        QVERIFY(grants(Scope::Analyze, Scope::Analyze));
        QVERIFY(!grants(Scope::Read, Scope::Analyze));
        QVERIFY(!grants(Scope::Analyze, Scope::Admin));
        Scope parsed {};
        QVERIFY(parseScope(QStringLiteral("analyze"), &parsed));
        QCOMPARE(parsed, Scope::Analyze);
        QVERIFY(!parseScope(QStringLiteral("root"), &parsed));
    }

    void constantTimeCompare()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "abcd"));
    }

    void tokenBucket()
    {
        auto now = std::chrono::steady_clock::time_point {} + 1h;
        MemoryRateLimiter limiter([&] { return now; });
        for (int i = 0; i < 3; ++i)
            QVERIFY(limiter.take(QStringLiteral("key-a"), 3).allowed);
        const RateDecision refused = limiter.take(QStringLiteral("key-a"), 3);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.retryAfterSeconds, 20); // 3 per minute: one token every 20 s
        QVERIFY(limiter.take(QStringLiteral("key-b"), 3).allowed); // another key is unaffected
        now += 20s;
        QVERIFY(limiter.take(QStringLiteral("key-a"), 3).allowed);
        QVERIFY(!limiter.take(QStringLiteral("key-a"), 3).allowed);
        now += 10min; // idle buckets are forgotten
        limiter.take(QStringLiteral("key-c"), 3);
        QCOMPARE(limiter.bucketCount(), 1);
    }

    void cors()
    {
        CorsPolicy policy({QStringLiteral("https://app.example.com")});
        const auto allowed = policy.preflightHeaders(QStringLiteral("https://app.example.com"));
        QVERIFY(allowed.contains(
            qMakePair(QByteArray("Access-Control-Allow-Origin"), QByteArray("https://app.example.com"))));
        QVERIFY(allowed.contains(qMakePair(QByteArray("Vary"), QByteArray("Origin"))));
        QVERIFY(policy.preflightHeaders(QStringLiteral("https://evil.example.com")).isEmpty());
        QVERIFY(policy.responseHeaders(QStringLiteral("https://app.example.com:8443")).isEmpty());
        QVERIFY(CorsPolicy({}).responseHeaders(QStringLiteral("https://app.example.com")).isEmpty());
        const auto any = CorsPolicy({QStringLiteral("*")}).responseHeaders(QStringLiteral("https://x.org"));
        QVERIFY(any.contains(qMakePair(QByteArray("Access-Control-Allow-Origin"), QByteArray("*"))));
    }

    void clientAddress_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<QString>("forwarded");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no header") << "10.1.2.3"
                                   << ""
                                   << "10.1.2.3";
        QTest::newRow("untrusted peer ignores header") << "203.0.113.9"
                                                       << "1.2.3.4"
                                                       << "203.0.113.9";
        QTest::newRow("trusted proxy") << "10.1.2.3"
                                       << "198.51.100.7"
                                       << "198.51.100.7";
        QTest::newRow("chain through proxies") << "10.1.2.3"
                                               << "198.51.100.7, 10.0.0.5"
                                               << "198.51.100.7";
        QTest::newRow("spoofed left-most ignored") << "10.1.2.3"
                                                   << "1.1.1.1, 198.51.100.7"
                                                   << "198.51.100.7";
        QTest::newRow("garbage header") << "10.1.2.3"
                                        << "not-an-ip"
                                        << "10.1.2.3";
        QTest::newRow("mapped v4 peer") << "::ffff:10.1.2.3"
                                        << "198.51.100.7"
                                        << "198.51.100.7";
    }

    void clientAddress()
    {
        QFETCH(QString, peer);
        QFETCH(QString, forwarded);
        QFETCH(QString, expected);
        ClientAddressResolver resolver({QStringLiteral("10.0.0.0/8")});
        QCOMPARE(resolver.resolve(peer, forwarded), expected);
    }
};

QTEST_GUILESS_MAIN(TestSecurity)
#include "tst_security.moc"
