// The API key half of TestRepo (see tst_repo.cpp): the manager and the database key
// authenticator over the dialect under test.
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include "tests/repo/tst_repo.h"

using namespace repotest;
void TestRepo::managerCreatesHashedKeysWithAudit()
{
    security::ApiKeyManager manager(*m_db);
    security::NewApiKey created;
    QVERIFY(!manager.create(QStringLiteral("  ci deploy  "), QStringLiteral("read,analyze"),
        {QStringLiteral("cli:test"), QStringLiteral("req-1"), QStringLiteral("127.0.0.1")}, &created));
    QVERIFY(created.key.startsWith(QStringLiteral("tt_")));
    QCOMPARE(created.key.size(), 3 + 43); // 32 bytes, base64url without padding
    QCOMPARE(created.record.name, QStringLiteral("ci deploy"));
    QCOMPARE(created.record.keyHash, security::ApiKeyManager::hashHex(created.key));
    QCOMPARE(created.record.keyHash.size(), 64);

    security::NewApiKey other;
    QVERIFY(!manager.create(
        QStringLiteral("other"), QStringLiteral("read"), {QStringLiteral("cli:test"), {}, {}}, &other));
    QVERIFY(other.key != created.key);

    QList<repo::KeyAuditEntry> events;
    QVERIFY(!repo::AuditRepository(*m_db).listKeyEvents(created.record.keyHash, &events));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).action, QStringLiteral("created"));
    QList<repo::AdminAuditEntry> actions;
    QVERIFY(!repo::AuditRepository(*m_db).listAdminActions(1000, &actions));
    const auto it = std::find_if(actions.cbegin(), actions.cend(),
        [&](const auto &a) { return a.target == QStringLiteral("api_key:%1").arg(created.record.id); });
    QVERIFY(it != actions.cend());
    QCOMPARE(it->action, QStringLiteral("api_key.create"));
    QCOMPARE(it->actor, QStringLiteral("cli:test"));
    QCOMPARE(it->requestId, QStringLiteral("req-1"));

    // The secret is in no text column of the key tables or the admin audit.
    for (const QString &table :
        {QStringLiteral("api_keys"), QStringLiteral("api_key_audit"), QStringLiteral("admin_audit")}) {
        const QStringList values = textValues(*m_db, table);
        QVERIFY(!values.isEmpty());
        for (const QString &v : values) {
            QVERIFY2(!v.contains(created.key), qPrintable(table));
            QVERIFY2(!v.contains(created.key.mid(3)), qPrintable(table));
        }
    }
}

void TestRepo::managerRevokesOnce()
{
    security::ApiKeyManager manager(*m_db);
    security::NewApiKey created;
    QVERIFY(!manager.create(
        QStringLiteral("revoke-me"), QStringLiteral("admin"), {QStringLiteral("t"), {}, {}}, &created));
    security::ApiKeyManager::RevokeOutcome outcome {};
    repo::ApiKeyRecord after;
    QVERIFY(!manager.revoke(created.record.id, {QStringLiteral("t"), {}, {}}, &outcome, &after));
    QCOMPARE(outcome, security::ApiKeyManager::RevokeOutcome::Revoked);
    QVERIFY(isoUtc.match(after.revokedAt).hasMatch());
    QVERIFY(!manager.revoke(created.record.id, {QStringLiteral("t"), {}, {}}, &outcome, &after));
    QCOMPARE(outcome, security::ApiKeyManager::RevokeOutcome::AlreadyRevoked);
    QVERIFY(!manager.revoke(987654, {QStringLiteral("t"), {}, {}}, &outcome));
    QCOMPARE(outcome, security::ApiKeyManager::RevokeOutcome::NotFound);

    std::optional<repo::ApiKeyRecord> active;
    QVERIFY(!repo::ApiKeyRepository(*m_db).findActiveByHash(created.record.keyHash, &active));
    QVERIFY(!active); // soft: the row stays, inactive
    QVERIFY(!repo::ApiKeyRepository(*m_db).findById(created.record.id, &active));
    QVERIFY(active && active->isRevoked());
    QList<repo::KeyAuditEntry> events;
    QVERIFY(!repo::AuditRepository(*m_db).listKeyEvents(created.record.keyHash, &events));
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(1).action, QStringLiteral("revoked"));
}

void TestRepo::managerRefusesBadInput()
{
    QString permissions;
    QVERIFY(security::ApiKeyManager::normalizeScopes(
        {QStringLiteral("read"), QStringLiteral("root")}, &permissions)
                .contains(QStringLiteral("unknown scope")));
    QVERIFY(!security::ApiKeyManager::normalizeScopes({QStringLiteral(" ")}, &permissions).isEmpty());
    QVERIFY(security::ApiKeyManager::normalizeScopes(
        {QStringLiteral("admin"), QStringLiteral("read")}, &permissions)
                .isEmpty());
    QCOMPARE(permissions, QStringLiteral("read,admin"));
    QVERIFY(!security::ApiKeyManager::validateName(QStringLiteral("   ")).isEmpty());
    QVERIFY(!security::ApiKeyManager::validateName(QString(101, QLatin1Char('n'))).isEmpty());
    QVERIFY(!security::ApiKeyManager::validateName(QStringLiteral("a\nb")).isEmpty());
    QVERIFY(security::ApiKeyManager::validateName(QStringLiteral("Robert'); DROP TABLE x;--")).isEmpty());
    QCOMPARE(security::ApiKeyManager::widestScope(QStringLiteral("read,analyze")), security::Scope::Analyze);
    QCOMPARE(security::ApiKeyManager::widestScope(QStringLiteral("bogus")), std::nullopt);
}

// No analyze-scope route exists yet, so read-versus-analyze denial is checked here, on the
// principal the authenticator returns and the rule the HTTP pipeline applies (grants).
void TestRepo::authenticatorScopes()
{
    security::ApiKeyManager manager(*m_db);
    security::NewApiKey read, analyze, admin;
    QVERIFY(!manager.create(QStringLiteral("scope-read"), QStringLiteral("read"), {}, &read));
    QVERIFY(!manager.create(QStringLiteral("scope-analyze"), QStringLiteral("read,analyze"), {}, &analyze));
    QVERIFY(!manager.create(QStringLiteral("scope-admin"), QStringLiteral("admin"), {}, &admin));
    security::DatabaseKeyAuthenticator auth(*m_db, {});

    const auto r = auth.authenticate(read.key);
    QVERIFY(r);
    QCOMPARE(r->scope, security::Scope::Read);
    QCOMPARE(r->keyId, QString::number(read.record.id));
    QCOMPARE(r->name, QStringLiteral("scope-read"));
    QVERIFY(security::grants(r->scope, security::Scope::Read));
    QVERIFY(!security::grants(r->scope, security::Scope::Analyze));
    QVERIFY(!security::grants(r->scope, security::Scope::Admin));

    const auto a = auth.authenticate(analyze.key);
    QVERIFY(a);
    QCOMPARE(a->scope, security::Scope::Analyze);
    QVERIFY(security::grants(a->scope, security::Scope::Analyze));
    QVERIFY(!security::grants(a->scope, security::Scope::Admin));

    const auto m = auth.authenticate(admin.key);
    QVERIFY(m);
    QCOMPARE(m->scope, security::Scope::Admin);

    QVERIFY(!auth.authenticate(read.key + QLatin1Char('x')));
    QVERIFY(!auth.authenticate(read.record.keyHash)); // the hash is not a key
    QVERIFY(!auth.authenticate(QStringLiteral("' OR '1'='1")));
    QVERIFY(!auth.authenticate(QString(5000, QLatin1Char('k'))));
}

// The auth policy serve installs (ApiKeyAuth over master + database keys), asked about a
// route of each scope: no analyze route is registered yet, so this is where a read key's 403
// on an analyze route is shown.
void TestRepo::analyzeRoutesRefuseReadKeys()
{
    security::ApiKeyManager manager(*m_db);
    security::NewApiKey read, analyze;
    QVERIFY(!manager.create(QStringLiteral("policy-read"), QStringLiteral("read"), {}, &read));
    QVERIFY(!manager.create(QStringLiteral("policy-analyze"), QStringLiteral("analyze"), {}, &analyze));
    auto chain = std::make_shared<security::ChainAuthenticator>();
    chain->add(std::make_shared<security::MasterKeyAuthenticator>(QString(40, QLatin1Char('m'))));
    chain->add(std::make_shared<security::DatabaseKeyAuthenticator>(
        *m_db, security::DatabaseKeyAuthenticator::Options {}));
    const server::ApiKeyAuth policy(chain, std::make_shared<security::MemoryRateLimiter>(),
        std::make_shared<const security::ClientAddressResolver>(QStringList {}), {});

    const auto statusFor = [&](const QString &key, http::Scope needed) {
        http::HttpRequest request;
        request.method = "POST";
        request.path = QStringLiteral("/api/analysis/analyze");
        request.peerAddress = QStringLiteral("127.0.0.1");
        request.headers.append({QByteArray("X-API-Key"), key.toUtf8()});
        http::Route route;
        route.method = "POST";
        route.pattern = request.path;
        route.access = http::Access::needs(needed);
        const std::optional<http::ApiError> denied = policy.authenticate(request, route);
        return denied ? denied->status() : 200;
    };
    QCOMPARE(statusFor(read.key, http::Scope::Read), 200);
    QCOMPARE(statusFor(read.key, http::Scope::Analyze), 403);
    QCOMPARE(statusFor(read.key, http::Scope::Admin), 403);
    QCOMPARE(statusFor(analyze.key, http::Scope::Analyze), 200);
    QCOMPARE(statusFor(analyze.key, http::Scope::Admin), 403);
    QCOMPARE(statusFor(QString(40, QLatin1Char('m')), http::Scope::Admin), 200);
    QCOMPARE(statusFor(QStringLiteral("tt_unknown"), http::Scope::Read), 401);
}

void TestRepo::authenticatorSeesRevocationAfterCacheTtl()
{
    security::ApiKeyManager manager(*m_db);
    security::NewApiKey key;
    QVERIFY(!manager.create(QStringLiteral("ttl"), QStringLiteral("read"), {}, &key));
    security::DatabaseKeyAuthenticator::Options options;
    options.cacheTtl = std::chrono::milliseconds(300);
    security::DatabaseKeyAuthenticator auth(*m_db, options);
    QVERIFY(auth.authenticate(key.key));

    // Revoked elsewhere (another instance, the command line): refused once the cached
    // lookup expires.
    security::ApiKeyManager::RevokeOutcome outcome {};
    QVERIFY(!manager.revoke(key.record.id, {}, &outcome));
    QTRY_VERIFY_WITH_TIMEOUT(!auth.authenticate(key.key), 5000);

    // Revoked through this instance: forget() drops it at once, whatever the TTL.
    security::NewApiKey second;
    QVERIFY(!manager.create(QStringLiteral("ttl-2"), QStringLiteral("read"), {}, &second));
    security::DatabaseKeyAuthenticator longCache(*m_db, {std::chrono::hours(1), std::chrono::hours(1), 100});
    QVERIFY(longCache.authenticate(second.key));
    QVERIFY(!manager.revoke(second.record.id, {}, &outcome));
    QVERIFY(longCache.authenticate(second.key)); // still cached: the stated delay
    longCache.forget(second.record.id);
    QVERIFY(!longCache.authenticate(second.key));
}

void TestRepo::authenticatorWritesLastUseInBatches()
{
    security::ApiKeyManager manager(*m_db);
    security::NewApiKey key;
    QVERIFY(!manager.create(QStringLiteral("batch"), QStringLiteral("read"), {}, &key));
    security::DatabaseKeyAuthenticator auth(*m_db, {std::chrono::hours(1), std::chrono::hours(1), 100});
    for (int i = 0; i < 50; ++i)
        QVERIFY(auth.authenticate(key.key));
    std::optional<repo::ApiKeyRecord> back;
    QVERIFY(!repo::ApiKeyRepository(*m_db).findById(key.record.id, &back));
    QVERIFY2(back->lastUsedAt.isNull(), "no write per request");
    QVERIFY(!auth.flushLastUsed());
    QVERIFY(!repo::ApiKeyRepository(*m_db).findById(key.record.id, &back));
    QVERIFY(isoUtc.match(back->lastUsedAt).hasMatch());

    // With a zero interval the next use flushes by itself.
    security::NewApiKey other;
    QVERIFY(!manager.create(QStringLiteral("batch-2"), QStringLiteral("read"), {}, &other));
    security::DatabaseKeyAuthenticator eager(
        *m_db, {std::chrono::hours(1), std::chrono::milliseconds(0), 100});
    QVERIFY(eager.authenticate(other.key));
    QVERIFY(!repo::ApiKeyRepository(*m_db).findById(other.record.id, &back));
    QVERIFY(!back->lastUsedAt.isNull());
}

// serve turns the reported error into 503 (dbhttperror); a refused key must not hide an outage.
void TestRepo::authenticatorReportsAnUnreachableDatabase()
{
    db::DatabaseOptions options;
    options.url = QStringLiteral("postgresql://nobody@127.0.0.1:1/none");
    options.connectTimeoutSeconds = 2;
    DbError error;
    auto unreachable = db::Database::create(options, &error);
    QVERIFY2(unreachable, qPrintable(error.message));
    DbError reported;
    security::DatabaseKeyAuthenticator auth(*unreachable, {}, [&](const DbError &e) { reported = e; });
    QVERIFY(!auth.authenticate(QStringLiteral("tt_some-key")));
    QCOMPARE(reported.kind, DbError::Kind::Unavailable);
    unreachable->releaseThreadConnection();
}
