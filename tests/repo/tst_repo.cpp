// Repositories over a real database. This one source is built twice: tst_repo_sqlite (a file
// in a temporary folder) and tst_repo_pg (a database of its own in the cluster of
// scripts/test). THETOOL_REPO_TEST_SQLITE selects the dialect.
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include "tests/repo/tst_repo.h"

using namespace repotest;

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

QTEST_GUILESS_MAIN(TestRepo)
