// Step 18 acceptance 4 (remote process and embedded server): the jobs screen over 100,000 jobs seeded
// straight into the SQLite database before the server starts. Times are printed, not asserted; the test
// asserts that the table fetched keyset pages as it scrolled and never all rows.
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QUuid>

#include "tests/ui/uitestsupport.h"
#include "ui/jobs/jobsview.h"
#include "ui/jobs/jobtablemodel.h"

using thetool::test::ScreensServer;
using thetool::test::ServerProcess;
Q_DECLARE_METATYPE(ScreensServer::Kind)
using namespace thetool::ui;

namespace {

constexpr int jobCount = 100000;

bool seed(const QString &file, QString *error)
{
    const QString name = QStringLiteral("seed");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            db.transaction();
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT INTO analysis_jobs (job_id, status, progress, total, completed, "
                                     "successful, tickers_json, "
                                     "created_at, updated_at, started_at, completed_at, kind, "
                                     "correlation_id, attempt, config_json) "
                                     "VALUES (?, ?, 100, 2, 2, ?, ?, ?, ?, ?, ?, 'analysis', ?, 1, '{}')"));
            const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-30);
            ok = true;
            for (int i = 0; i < jobCount && ok; ++i) {
                const QString t = start.addSecs(i * 20).toString(Qt::ISODateWithMs);
                const QString done = start.addSecs(i * 20 + 7).toString(Qt::ISODateWithMs);
                q.bindValue(0, QUuid::createUuid().toString(QUuid::WithoutBraces));
                q.bindValue(1, i % 10 == 0 ? QStringLiteral("failed") : QStringLiteral("completed"));
                q.bindValue(2, i % 10 == 0 ? 1 : 2);
                q.bindValue(3, QStringLiteral("[\"T%1.NS\", \"U%1.NS\"]").arg(i % 500));
                q.bindValue(4, t);
                q.bindValue(5, done);
                q.bindValue(6, t);
                q.bindValue(7, done);
                q.bindValue(8, QStringLiteral("seed-%1").arg(i));
                if (!q.exec()) {
                    *error = q.lastError().text();
                    ok = false;
                }
            }
            ok = ok && db.commit();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

class TestJobsScale : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void hundredThousandJobs_data();
    void hundredThousandJobs();

private:
    std::unique_ptr<ServerProcess> m_migrator; // owns the seeded data folder
};

void TestJobsScale::initTestCase()
{
    // A first server migrates the database; the rows go in while it is stopped; each case's
    // server (a remote process, then the embedded one) serves the same seeded folder.
    m_migrator = std::make_unique<ServerProcess>();
    QVERIFY2(m_migrator->start(), qPrintable(m_migrator->error()));
    QVERIFY(m_migrator->terminate());
    QElapsedTimer timer;
    timer.start();
    QString error;
    QVERIFY2(seed(m_migrator->dataPath() + QStringLiteral("/thetool.db"), &error), qPrintable(error));
    qInfo("seeded %d jobs in %lld ms", jobCount, timer.elapsed());
}

void TestJobsScale::hundredThousandJobs_data()
{
    QTest::addColumn<ScreensServer::Kind>("kind");
    QTest::newRow("remote") << ScreensServer::Kind::Remote;
    QTest::newRow("embedded") << ScreensServer::Kind::Embedded;
}

void TestJobsScale::hundredThousandJobs()
{
    QFETCH(ScreensServer::Kind, kind);
    ScreensServer server(kind);
    server.setDataPath(m_migrator->dataPath());
    server.setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
    QVERIFY2(server.start(), qPrintable(server.error()));
    auto api = thetool::test::remoteProfile(server);

    QElapsedTimer timer;
    timer.start();
    JobsView view(*api);
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    JobTableModel *model = view.model();
    QTRY_VERIFY2_WITH_TIMEOUT(model->rowCount() > 0, qPrintable(model->lastError()), 60000);
    QCoreApplication::processEvents();
    const qint64 openMs = timer.elapsed();
    qInfo("opened the jobs screen: first page of %d rows shown after %lld ms", model->rowCount(), openMs);
    QCOMPARE(
        model->counts().value(QStringLiteral("completed")) + model->counts().value(QStringLiteral("failed")),
        qint64(jobCount));

    // Scroll to the end, five times: each time the view asks for the next keyset page.
    QTableView *table = view.table();
    for (int round = 1; round <= 5; ++round) {
        const int before = model->rowCount();
        timer.restart();
        table->scrollToBottom();
        QTRY_VERIFY2_WITH_TIMEOUT(model->rowCount() > before, qPrintable(model->lastError()), 60000);
        table->scrollToBottom();
        QCoreApplication::processEvents();
        qInfo("scroll to the end #%d: %d -> %d rows in %lld ms", round, before, model->rowCount(),
            timer.elapsed());
    }
    // And a jump to the newest and back: rows already held, no fetch needed.
    timer.restart();
    table->scrollToTop();
    table->scrollToBottom();
    QCoreApplication::processEvents();
    qInfo("jump top and bottom over %d held rows: %lld ms", model->rowCount(), timer.elapsed());

    qInfo("pages fetched: %d, rows held: %d of %d", model->pagesFetched(), model->rowCount(), jobCount);
    QVERIFY(model->pagesFetched() >= 6);
    QVERIFY(model->rowCount() < jobCount / 10);
    QVERIFY(model->hasMorePages());
}

QTEST_MAIN(TestJobsScale)
#include "tst_jobsscale.moc"
