// Repositories over a real database. This one source is built twice: tst_repo_sqlite (a file
// in a temporary folder) and tst_repo_pg (a database of its own in the cluster of
// scripts/test). THETOOL_REPO_TEST_SQLITE selects the dialect.
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

#include "backend/db/database.h"
#include "backend/db/migration.h"
#include "backend/db/migrationrunner.h"
#include "backend/repo/apikeyrepository.h"
#include "backend/repo/auditrepository.h"
#include "backend/repo/collectionrepository.h"
#include "backend/repo/joblogrepository.h"
#include "backend/repo/jobrepository.h"
#include "backend/repo/pricebarrepository.h"
#include "backend/repo/resultrepository.h"
#include "backend/repo/sqlsupport.h"
#include "backend/repo/watchlistrepository.h"
#include "backend/security/apikeymanager.h"
#include "backend/security/databasekeyauthenticator.h"
#include "backend/server/httppolicies.h"
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
    void dataRepositoriesRoundTrip_data();
    void dataRepositoriesRoundTrip();
    void duplicateInsertIsUniqueViolation();
    void dataRepositoriesReportConstraints();
    void auditOfUnknownKeyIsForeignKeyViolation();
    void lastUsedBatchNeverGoesBackwards();
    void managerCreatesHashedKeysWithAudit();
    void managerRevokesOnce();
    void managerRefusesBadInput();
    void authenticatorScopes();
    void analyzeRoutesRefuseReadKeys();
    void authenticatorSeesRevocationAfterCacheTtl();
    void authenticatorWritesLastUseInBatches();
    void authenticatorReportsAnUnreachableDatabase();

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

void TestRepo::dataRepositoriesRoundTrip_data()
{
    textRoundTrip_data();
}

// Every text column of the data repositories, as data. Columns with a unique index get the
// row's tag appended so rows stay apart in the one database.
void TestRepo::dataRepositoriesRoundTrip()
{
    QFETCH(QString, value);
    const QString unique = value + QLatin1Char('#') + QString::fromLatin1(QTest::currentDataTag());

    repo::CollectionRepository collections(*m_db);
    repo::Collection collection;
    collection.name = unique;
    collection.description = value;
    QVERIFY(!collections.insert(&collection));
    std::optional<repo::Collection> c;
    QVERIFY(!collections.get(collection.id, &c));
    QVERIFY(c);
    QCOMPARE(c->name, unique);
    QCOMPARE(c->description, value);
    QVERIFY(isoUtc.match(c->createdAt).hasMatch());

    repo::WatchlistRepository watchlist(*m_db);
    repo::WatchlistItem item;
    item.ticker = unique;
    item.name = value;
    item.collectionId = collection.id;
    item.lastJobId = value;
    item.lastStatus = value;
    item.notes = value;
    item.lastAnalyzedAt = QStringLiteral("2026-01-31T09:15:00.000Z");
    QVERIFY(!watchlist.insert(&item));
    std::optional<repo::WatchlistItem> w;
    QVERIFY(!watchlist.get(item.id, &w));
    QVERIFY(w);
    QCOMPARE(w->ticker, unique);
    QCOMPARE(w->name, value);
    QCOMPARE(w->collectionId, collection.id);
    QCOMPARE(w->lastJobId, value);
    QCOMPARE(w->lastStatus, value);
    QCOMPARE(w->notes, value);
    QCOMPARE(w->lastAnalyzedAt, item.lastAnalyzedAt);
    QList<repo::WatchlistItem> items;
    QVERIFY(!watchlist.list({repo::WatchlistRepository::Filter::Kind::Collection, collection.id}, &items));
    QCOMPARE(items.size(), 1);
    QVERIFY(!collections.get(collection.id, &c));
    QCOMPARE(c->stockCount, 1);

    repo::JobRepository jobs(*m_db);
    repo::JobRow job;
    job.jobId = unique;
    job.errors = value;
    job.tickersJson = value;
    job.configJson = value;
    job.correlationId = value;
    job.leaseOwner = value;
    job.error = value;
    job.total = 3;
    QVERIFY(!jobs.insert(&job));
    std::optional<repo::JobRow> j;
    QVERIFY(!jobs.get(unique, &j));
    QVERIFY(j);
    QCOMPARE(j->jobId, unique);
    QCOMPARE(j->status, QStringLiteral("queued"));
    QCOMPARE(j->errors, value);
    QCOMPARE(j->tickersJson, value);
    QCOMPARE(j->configJson, value);
    QCOMPARE(j->correlationId, value);
    QCOMPARE(j->leaseOwner, value);
    QCOMPARE(j->error, value);
    QCOMPARE(j->total, 3);
    QVERIFY(isoUtc.match(j->createdAt).hasMatch());

    repo::JobLogRepository logs(*m_db);
    repo::JobLogLine line;
    line.jobId = unique;
    line.level = QStringLiteral("warning");
    line.correlationId = value;
    line.attempt = 2;
    line.ticker = value;
    line.message = value;
    QVERIFY(!logs.append(&line));
    QList<repo::JobLogLine> lines;
    QVERIFY(!logs.list(unique, 0, 10, &lines));
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.at(0).id, line.id);
    QCOMPARE(lines.at(0).message, value);
    QCOMPARE(lines.at(0).ticker, value);
    QCOMPARE(lines.at(0).correlationId, value);
    QCOMPARE(lines.at(0).attempt, 2);
    QVERIFY(!logs.list(unique, line.id, 10, &lines));
    QVERIFY(lines.isEmpty());

    repo::ResultRepository results(*m_db);
    repo::ResultRow result;
    result.ticker = value;
    result.symbol = value;
    result.name = value;
    result.yahooSymbol = value;
    result.score = 72.5;
    result.verdict = value;
    result.entry = 101.25;
    result.positionSize = 40;
    result.analysisConfig = value;
    result.entryMethod = value;
    result.dataSource = value;
    result.isDemoData = true;
    result.rawData = value;
    result.status = value;
    result.errorMessage = value;
    result.analysisSource = value;
    result.jobId = unique;
    result.startedAt = QStringLiteral("2026-01-31T09:15:00.000Z");
    QVERIFY(!results.insert(&result));
    std::optional<repo::ResultRow> r;
    QVERIFY(!results.get(result.id, &r));
    QVERIFY(r);
    for (const QString &field : {r->ticker, r->symbol, r->name, r->yahooSymbol, r->verdict, r->analysisConfig,
             r->entryMethod, r->dataSource, r->rawData, r->status, r->errorMessage, r->analysisSource})
        QCOMPARE(field, value);
    QCOMPARE(r->jobId, unique);
    QCOMPARE(r->score, 72.5);
    QCOMPARE(r->entry, 101.25);
    QVERIFY(std::isnan(r->stopLoss));
    QCOMPARE(r->positionSize, 40);
    QVERIFY(r->isDemoData);
    QCOMPARE(r->startedAt, result.startedAt);
    QVERIFY(r->completedAt.isNull());
    QList<repo::ResultRow> byJob;
    QVERIFY(!results.listByJob(unique, &byJob));
    QCOMPARE(byJob.size(), 1);

    repo::PriceBarRepository bars(*m_db);
    repo::PriceBarRow bar {QStringLiteral("2026-01-30"), 10, 12, 9, 11, qQNaN(), 1000, value, {}};
    repo::PriceBarRow next {QStringLiteral("2026-02-02"), 11, 13, 10, 12.5, 12.4, 2000, value, {}};
    QVERIFY(!bars.replaceWindow(unique, {bar, next}));
    QList<repo::PriceBarRow> read;
    QVERIFY(!bars.list(unique, {}, {}, &read));
    QCOMPARE(read.size(), 2);
    QCOMPARE(read.at(0).date, bar.date);
    QCOMPARE(read.at(0).source, value);
    QVERIFY(std::isnan(read.at(0).adjClose));
    QCOMPARE(read.at(1).adjClose, 12.4);
    QCOMPARE(read.at(1).volume, 2000);
    QVERIFY(!bars.list(unique, QStringLiteral("2026-02-01"), {}, &read));
    QCOMPARE(read.size(), 1);
}

void TestRepo::dataRepositoriesReportConstraints()
{
    repo::CollectionRepository collections(*m_db);
    repo::Collection a;
    a.name = QStringLiteral("Banks");
    QVERIFY(!collections.insert(&a));
    repo::Collection again = a;
    QCOMPARE(collections.insert(&again).kind, DbError::Kind::UniqueViolation);

    repo::WatchlistRepository watchlist(*m_db);
    repo::WatchlistItem item;
    item.ticker = QStringLiteral("HDFCBANK.NS");
    item.collectionId = a.id;
    QVERIFY(!watchlist.insert(&item));
    repo::WatchlistItem sameLower = item;
    sameLower.ticker = QStringLiteral("hdfcbank.ns");
    QCOMPARE(watchlist.insert(&sameLower).kind, DbError::Kind::UniqueViolation);
    repo::WatchlistItem inDefault = item;
    inDefault.collectionId = 0;
    QVERIFY(!watchlist.insert(&inDefault)); // another collection: allowed
    repo::WatchlistItem dangling = item;
    dangling.collectionId = 987654;
    QCOMPARE(watchlist.insert(&dangling).kind, DbError::Kind::ForeignKeyViolation);
    // Deleting the collection would move its stock into Default, which holds it already.
    bool removed = false;
    QCOMPARE(collections.remove(a.id, &removed).kind, DbError::Kind::UniqueViolation);
    int count = 0;
    QVERIFY(!watchlist.removeTicker(QStringLiteral("hdfcbank.NS"), &count));
    QCOMPARE(count, 2);
    QVERIFY(!collections.remove(a.id, &removed));
    QVERIFY(removed);

    repo::JobRepository jobs(*m_db);
    repo::JobRow job;
    job.jobId = QStringLiteral("job-dup");
    QVERIFY(!jobs.insert(&job));
    QCOMPARE(jobs.insert(&job).kind, DbError::Kind::UniqueViolation);
    repo::JobLogLine orphan;
    orphan.jobId = QStringLiteral("no-such-job");
    orphan.message = QStringLiteral("x");
    QCOMPARE(repo::JobLogRepository(*m_db).append(&orphan).kind, DbError::Kind::ForeignKeyViolation);

    repo::ResultRepository results(*m_db);
    repo::ResultRow result;
    result.ticker = QStringLiteral("TCS.NS");
    result.verdict = QStringLiteral("Buy");
    result.jobId = job.jobId;
    QVERIFY(!results.insert(&result));
    QCOMPARE(results.insert(&result).kind, DbError::Kind::UniqueViolation);
    result.jobId = QStringLiteral("no-such-job");
    QCOMPARE(results.insert(&result).kind, DbError::Kind::ForeignKeyViolation);

    repo::PriceBarRepository bars(*m_db);
    const repo::PriceBarRow bar {
        QStringLiteral("2026-01-30"), 1, 1, 1, 1, qQNaN(), 1, QStringLiteral("t"), {}};
    QVERIFY(!bars.replaceWindow(QStringLiteral("DUP"), {bar}));
    repo::PriceBarRow changed = bar;
    changed.close = 2;
    QCOMPARE(
        bars.replaceWindow(QStringLiteral("DUP"), {changed, changed}).kind, DbError::Kind::UniqueViolation);
    QList<repo::PriceBarRow> read;
    QVERIFY(!bars.list(QStringLiteral("DUP"), {}, {}, &read));
    QCOMPARE(read.size(), 1);
    QCOMPARE(read.at(0).close, 1.0); // the failed refresh changed nothing
    QVERIFY(!bars.replaceWindow(QStringLiteral("DUP"), {changed}));
    QVERIFY(!bars.list(QStringLiteral("DUP"), {}, {}, &read));
    QCOMPARE(read.at(0).close, 2.0);
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

QTEST_GUILESS_MAIN(TestRepo)
#include "tst_repo.moc"
