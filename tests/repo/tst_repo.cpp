// Repositories over a real database. This one source is built twice: tst_repo_sqlite (a file
// in a temporary folder) and tst_repo_pg (a database of its own in the cluster of
// scripts/test). THETOOL_REPO_TEST_SQLITE selects the dialect.
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "backend/repo/apikeyrepository.h"
#include "backend/repo/auditrepository.h"
#include "backend/repo/sqlsupport.h"
#include "backend/security/apikeymanager.h"
#include "backend/security/databasekeyauthenticator.h"
#include "tests/support/testenv.h"

using namespace thetool;
using db::DbError;

namespace {

constexpr bool kSqlite = THETOOL_REPO_TEST_SQLITE != 0;

// Text that must be stored and read back as data, never as SQL.
QList<std::pair<const char *, QString>> hostileTexts()
{
    QString binary;
    for (char16_t c = 1; c < 0x100; ++c)
        binary.append(QChar(c)); // every NUL-free Latin-1 code point, controls included
    binary += QStringLiteral("\u2028\uFEFF\U0001F680");
    QString tenKb;
    const QString chunk =
        QStringLiteral("Robert'); DROP TABLE api_keys;-- \"q\" \\ ünï 日本 $1 ? :name %s\n");
    while (tenKb.toUtf8().size() < 10 * 1024)
        tenKb += chunk;
    return {
        {"injection", QStringLiteral("Robert'); DROP TABLE api_keys;--")},
        {"tautology", QStringLiteral("' OR '1'='1' --")},
        {"quotes", QStringLiteral("\"double\" 'single' `back` ''doubled''")},
        {"backslashes", QStringLiteral("C:\\path\\n\\t\\0 \\x00 \\\\'")},
        {"placeholders", QStringLiteral("? $1 :name %s %1 {}")},
        {"dollar quotes", QStringLiteral("$$ body $$ $tag$ x $tag$")},
        {"binary-looking", binary},
        {"unicode", QStringLiteral("Ünïcødé 日本語 😀 עברית")},
        {"empty", QString(QLatin1String(""))},
        {"10 KB", tenKb},
    };
}

class Sandbox
{
public:
    explicit Sandbox(const QString &name)
    {
        db::DatabaseOptions options;
        if (kSqlite) {
            options.dataPath = m_dir.filePath(name);
        } else {
            m_pg = std::make_unique<test::PgTestDatabase>(QStringLiteral("repo_") + name);
            if (!m_pg->isValid()) {
                m_error = m_pg->error();
                return;
            }
            options.url = m_pg->url().toString();
        }
        DbError error;
        m_db = db::Database::create(options, &error);
        if (!m_db) {
            m_error = error.message;
            return;
        }
        error = db::MigrationRunner(*m_db, db::Migration::bundled(m_db->dialect())).migrate();
        if (error) {
            m_error = error.message;
            m_db.reset();
        }
    }
    db::Database *db() const { return m_db.get(); }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::PgTestDatabase> m_pg;
    std::unique_ptr<db::Database> m_db;
    QString m_error;
};

const QRegularExpression isoUtc(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));

// Every text value of every row of `table`.
QStringList textValues(db::Database &database, const QString &table)
{
    QStringList values;
    const DbError error =
        repo::runBound(database, QStringLiteral("SELECT * FROM ") + table, {}, [&](const QSqlQuery &row) {
            const QSqlRecord record = row.record();
            for (int i = 0; i < record.count(); ++i)
                values.append(row.value(i).toString());
        });
    if (error)
        values.append(QStringLiteral("<error: %1>").arg(error.message));
    return values;
}

} // namespace

class TestRepo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void textRoundTrip_data();
    void textRoundTrip();
    void duplicateInsertIsUniqueViolation();
    void auditOfUnknownKeyIsForeignKeyViolation();
    void lastUsedBatchNeverGoesBackwards();
    void managerCreatesHashedKeysWithAudit();
    void managerRevokesOnce();
    void managerRefusesBadInput();
    void authenticatorScopes();
    void authenticatorSeesRevocationAfterCacheTtl();
    void authenticatorWritesLastUseInBatches();

private:
    std::unique_ptr<Sandbox> m_sandbox;
    db::Database *m_db = nullptr;
};

void TestRepo::initTestCase()
{
    m_sandbox = std::make_unique<Sandbox>(QStringLiteral("main"));
    QVERIFY2(m_sandbox->db(), qPrintable(m_sandbox->error()));
    m_db = m_sandbox->db();
}

void TestRepo::cleanupTestCase()
{
    if (m_db)
        m_db->releaseThreadConnection();
    m_sandbox.reset();
}

void TestRepo::textRoundTrip_data()
{
    QTest::addColumn<QString>("value");
    for (const auto &[name, value] : hostileTexts())
        QTest::newRow(name) << value;
}

void TestRepo::textRoundTrip()
{
    QFETCH(QString, value);
    // api_keys: every text column holds the value (key_hash is unique: the row name tells
    // rows apart in the one database this test case uses).
    repo::ApiKeyRepository keys(*m_db);
    repo::ApiKeyRecord key;
    key.keyHash = value + QString::fromLatin1(QTest::currentDataTag());
    key.name = value + QStringLiteral("#name");
    key.permissions = value;
    key.createdBy = value;
    QVERIFY2(!keys.insert(&key), "insert api_keys");
    QVERIFY(key.id > 0);
    QVERIFY2(isoUtc.match(key.createdAt).hasMatch(), qPrintable(key.createdAt));
    std::optional<repo::ApiKeyRecord> back;
    QVERIFY(!keys.findActiveByHash(key.keyHash, &back));
    QVERIFY(back);
    QCOMPARE(back->keyHash, key.keyHash);
    QCOMPARE(back->name, key.name);
    QCOMPARE(back->permissions, value);
    QCOMPARE(back->createdBy, value);
    QVERIFY(back->revokedAt.isNull());
    QVERIFY(back->lastUsedAt.isNull());
    QCOMPARE(back->createdAt, key.createdAt);

    // api_key_audit
    repo::AuditRepository audit(*m_db);
    QVERIFY(!audit.recordKeyEvent({0, key.keyHash, value, value, {}}));
    QList<repo::KeyAuditEntry> events;
    QVERIFY(!audit.listKeyEvents(key.keyHash, &events));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).keyHash, key.keyHash);
    QCOMPARE(events.at(0).action, value);
    QCOMPARE(events.at(0).details, value);
    QVERIFY(isoUtc.match(events.at(0).createdAt).hasMatch());

    // admin_audit
    repo::AdminAuditEntry entry;
    entry.actor = value;
    entry.action = value;
    entry.target = value;
    entry.details = value;
    entry.requestId = value;
    entry.clientAddress = value;
    qint64 id = 0;
    QVERIFY(!audit.recordAdminAction(entry, &id));
    QList<repo::AdminAuditEntry> actions;
    QVERIFY(!audit.listAdminActions(1000, &actions));
    const auto it =
        std::find_if(actions.cbegin(), actions.cend(), [id](const auto &a) { return a.id == id; });
    QVERIFY(it != actions.cend());
    QCOMPARE(it->actor, value);
    QCOMPARE(it->action, value);
    QCOMPARE(it->target, value);
    QCOMPARE(it->details, value);
    QCOMPARE(it->requestId, value);
    QCOMPARE(it->clientAddress, value);

    // The tables are still there and hold what was written.
    std::optional<repo::ApiKeyRecord> again;
    QVERIFY(!keys.findById(key.id, &again));
    QVERIFY(again);
}

void TestRepo::duplicateInsertIsUniqueViolation()
{
    repo::ApiKeyRepository keys(*m_db);
    repo::ApiKeyRecord a;
    a.keyHash = QStringLiteral("dup-hash");
    a.name = QStringLiteral("dup-a");
    a.permissions = QStringLiteral("read");
    QVERIFY(!keys.insert(&a));
    repo::ApiKeyRecord sameHash = a;
    sameHash.name = QStringLiteral("dup-b");
    QCOMPARE(keys.insert(&sameHash).kind, DbError::Kind::UniqueViolation);

    // An active key's name is unique; a revoked one frees it.
    repo::ApiKeyRecord sameName = a;
    sameName.keyHash = QStringLiteral("dup-hash-2");
    QCOMPARE(keys.insert(&sameName).kind, DbError::Kind::UniqueViolation);
    security::ApiKeyManager::RevokeOutcome outcome {};
    QVERIFY(!security::ApiKeyManager(*m_db).revoke(a.id, {QStringLiteral("test"), {}, {}}, &outcome));
    QCOMPARE(outcome, security::ApiKeyManager::RevokeOutcome::Revoked);
    QVERIFY(!keys.insert(&sameName));
}

void TestRepo::auditOfUnknownKeyIsForeignKeyViolation()
{
    repo::AuditRepository audit(*m_db);
    const DbError error =
        audit.recordKeyEvent({0, QStringLiteral("no-such-hash"), QStringLiteral("created"), {}, {}});
    QCOMPARE(error.kind, DbError::Kind::ForeignKeyViolation);
}

void TestRepo::lastUsedBatchNeverGoesBackwards()
{
    repo::ApiKeyRepository keys(*m_db);
    repo::ApiKeyRecord a;
    a.keyHash = QStringLiteral("touch-a");
    a.name = QStringLiteral("touch-a");
    a.permissions = QStringLiteral("read");
    repo::ApiKeyRecord b = a;
    b.keyHash = QStringLiteral("touch-b");
    b.name = QStringLiteral("touch-b");
    QVERIFY(!keys.insert(&a));
    QVERIFY(!keys.insert(&b));
    const QString later = QStringLiteral("2030-01-02T03:04:05.678Z");
    const QString earlier = QStringLiteral("2029-01-02T03:04:05.678Z");
    QVERIFY(!keys.touchLastUsed({{a.id, later}, {b.id, earlier}}));
    QVERIFY(!keys.touchLastUsed({{a.id, earlier}}));
    std::optional<repo::ApiKeyRecord> back;
    QVERIFY(!keys.findById(a.id, &back));
    QCOMPARE(back->lastUsedAt, later);
    QVERIFY(!keys.findById(b.id, &back));
    QCOMPARE(back->lastUsedAt, earlier);
}

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

QTEST_GUILESS_MAIN(TestRepo)
#include "tst_repo.moc"
