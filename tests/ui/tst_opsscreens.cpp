// Step 18 acceptance 1-3: the dashboard, jobs and logs screens, offscreen, against a real
// `thetool serve` process reached over HTTP as a remote profile and against the console's
// embedded server started by its supervisor (each on SQLite in a temp dir).
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "tests/market/fakechartserver.h"
#include "tests/ui/uitestsupport.h"
#include "ui/common/displayformat.h"
#include "ui/common/eventpoller.h"
#include "ui/common/jobsummary.h"
#include "ui/dashboard/dashboardview.h"
#include "ui/dashboard/historystore.h"
#include "ui/jobs/jobdetailpane.h"
#include "ui/jobs/jobsview.h"
#include "ui/jobs/jobtablemodel.h"
#include "ui/logs/logmodel.h"
#include "ui/logs/logsview.h"
#include "ui/operationsscreens.h"

using thetool::test::FakeChartServer;
using thetool::test::ScreensServer;
Q_DECLARE_METATYPE(ScreensServer::Kind)
using namespace thetool::ui;

namespace {

QJsonObject demoJob(const QStringList &tickers)
{
    return {{QStringLiteral("tickers"), QJsonArray::fromStringList(tickers)},
        {QStringLiteral("use_demo_data"), true}, {QStringLiteral("force"), true}};
}

void quietServer(ScreensServer &server)
{
    // The screens poll every few hundred ms in these tests.
    server.setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
}

const JobSummary *rowOf(JobTableModel *model, const QString &jobId)
{
    return model->job(model->rowOf(jobId));
}

} // namespace

class TestOpsScreens : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dashboardShowsHealthAndUpdates_data() { serverKinds(); }
    void dashboardShowsHealthAndUpdates();
    void jobsTableFollowsCancelsAndRetries_data() { serverKinds(); }
    void jobsTableFollowsCancelsAndRetries();
    void logViewFiltersByCorrelationId_data() { serverKinds(); }
    void logViewFiltersByCorrelationId();

private:
    static void serverKinds()
    {
        QTest::addColumn<ScreensServer::Kind>("kind");
        QTest::newRow("remote") << ScreensServer::Kind::Remote;
        QTest::newRow("embedded") << ScreensServer::Kind::Embedded;
    }
};

void TestOpsScreens::dashboardShowsHealthAndUpdates()
{
    QFETCH(ScreensServer::Kind, kind);
    ScreensServer server(kind);
    quietServer(server);
    QVERIFY2(server.start(), qPrintable(server.error()));
    auto api = thetool::test::remoteProfile(server);
    QTemporaryDir history;
    const QString historyFile = history.filePath(QStringLiteral("history.sqlite"));

    QWidget window;
    auto *dashboard =
        new DashboardView(*api, std::make_unique<HistoryStore>(historyFile, QStringLiteral("test")), &window);
    dashboard->setIntervals(300, 5000);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QString dash = thetool::ui::display::missing();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->fieldText(QStringLiteral("Uptime")) != dash, 10000);
    const QJsonObject health = thetool::test::getJson(server, "/health");
    QCOMPARE(dashboard->latest().state(), QStringLiteral("ok"));
    QCOMPARE(
        dashboard->fieldText(QStringLiteral("Version")), health.value(QLatin1String("version")).toString());
    QCOMPARE(
        dashboard->fieldText(QStringLiteral("Instance")), health.value(QLatin1String("instance")).toString());
    QVERIFY(dashboard->fieldText(QStringLiteral("Response time")).endsWith(QStringLiteral(" ms")));
    QCOMPARE(dashboard->fieldText(QStringLiteral("Queue depth")), QStringLiteral("0"));
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->workerRows() > 0, 10000);

    // The uptime moves on with the server's own clock.
    const QString firstUptime = dashboard->fieldText(QStringLiteral("Uptime"));
    qInfo("uptime shown: %s", qPrintable(firstUptime));
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->fieldText(QStringLiteral("Uptime")) != firstUptime, 10000);

    // The hit rate: checked when this server reports an enabled cache (step 14 adds it);
    // otherwise the field must say there is none rather than show a made-up 0 %.
    const QJsonObject cache = health.value(QLatin1String("cache")).toObject();
    if (cache.value(QLatin1String("enabled")).toBool() && cache.contains(QLatin1String("hit_rate"))) {
        const QString before = dashboard->fieldText(QStringLiteral("Cache hit rate"));
        QVERIFY(before.endsWith(QStringLiteral(" %")));
        // The same analysis twice: the second is served from the cache (step 14, acceptance 2).
        for (int i = 0; i < 2; ++i) {
            const QString id = thetool::test::startAnalysis(server, demoJob({QStringLiteral("RELIANCE.NS")}));
            QVERIFY(!id.isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(thetool::test::getJson(server, "/api/jobs/" + id.toUtf8())
                                         .value(QLatin1String("status"))
                                         .toString()
                    == QLatin1String("completed"),
                20000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->fieldText(QStringLiteral("Cache hit rate")) != before, 10000);
        qInfo("hit rate shown: %s -> %s", qPrintable(before),
            qPrintable(dashboard->fieldText(QStringLiteral("Cache hit rate"))));
    } else {
        qInfo("this server reports no enabled cache: hit-rate change check inactive");
        QCOMPARE(dashboard->fieldText(QStringLiteral("Cache hit rate")), QStringLiteral("\u2014 (no cache)"));
    }

    // Hidden: polling slows down; shown again: back to the fast interval.
    window.hide();
    QTRY_COMPARE(dashboard->currentIntervalMs(), 5000);
    window.show();
    QTRY_COMPARE(dashboard->currentIntervalMs(), 300);

    // The server going away is a health change (a notification in the console).
    QSignalSpy changes(dashboard, &DashboardView::healthStateChanged);
    QVERIFY(server.terminate());
    QTRY_VERIFY_WITH_TIMEOUT(changes.size() == 1, 10000);
    QCOMPARE(changes.first().at(0).toString(), QStringLiteral("ok"));
    QCOMPARE(changes.first().at(1).toString(), QStringLiteral("down"));
    QVERIFY(dashboard->fieldText(QStringLiteral("Status")).startsWith(QStringLiteral("down")));

    // The history survives a restart of the screen (a new view on the same file).
    const int samples = dashboard->historySize();
    QVERIFY(samples >= 2);
    delete dashboard;
    HistoryStore reopened(historyFile, QStringLiteral("test"));
    QCOMPARE(reopened.samples().size(), samples);
    QCOMPARE(HistoryStore(historyFile, QStringLiteral("other profile")).samples().size(), 0);
}

void TestOpsScreens::jobsTableFollowsCancelsAndRetries()
{
    FakeChartServer provider;
    FakeChartServer::Response stall;
    stall.stall = true;
    provider.setScript({stall});
    QFETCH(ScreensServer::Kind, kind);
    ScreensServer server(kind);
    quietServer(server);
    server.setEnv(QStringLiteral("MARKET_DATA_URL"), provider.url());
    server.setEnv(QStringLiteral("WORKERS"), QStringLiteral("2"));
    QVERIFY2(server.start(), qPrintable(server.error()));
    auto api = thetool::test::remoteProfile(server);
    QTemporaryDir history;

    OperationsScreens screens(*api, QStringLiteral("remote"), history.filePath(QStringLiteral("h.sqlite")));
    screens.resize(1280, 800);
    screens.tabs()->setCurrentWidget(screens.jobs());
    screens.show();
    QVERIFY(QTest::qWaitForWindowExposed(&screens));
    JobsView *jobs = screens.jobs();
    JobTableModel *model = jobs->model();
    QTRY_VERIFY_WITH_TIMEOUT(screens.events()->caughtUp(), 10000);

    // A job started through the API appears and its progress reaches 100 %.
    QString why;
    const QString done = thetool::test::startAnalysis(
        server, demoJob({QStringLiteral("TCS.NS"), QStringLiteral("INFY.NS")}), {}, &why);
    QVERIFY2(!done.isEmpty(), qPrintable(why));
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(done) >= 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, done)->progress == 100, 20000);
    const QModelIndex progress = model->index(model->rowOf(done), JobTableModel::Progress);
    QCOMPARE(progress.data(JobTableModel::ProgressRole).toInt(), 100);
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(model, done)->status, QStringLiteral("completed"), 10000);
    QCOMPARE(model->index(model->rowOf(done), JobTableModel::Successful).data().toString(),
        QStringLiteral("2 / 2"));

    // Its detail: outcomes per ticker and the job's own log lines.
    jobs->selectJob(done);
    QTRY_COMPARE_WITH_TIMEOUT(jobs->detail()->outcomeCount(), 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(jobs->detail()->logText().contains(QStringLiteral("TCS.NS")), 10000);

    // A job whose provider stalls: running, then cancelled from the table.
    const QString stalled = thetool::test::startAnalysis(server,
        {{QStringLiteral("tickers"), QJsonArray {QStringLiteral("STALL1.NS"), QStringLiteral("STALL2.NS")}}},
        {}, &why);
    QVERIFY2(!stalled.isEmpty(), qPrintable(why));
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(stalled) >= 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(model, stalled)->status, QStringLiteral("processing"), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(provider.requestCount() >= 1, 15000);
    jobs->selectJob(stalled);
    QStringList questions;
    bool accept = true;
    jobs->setConfirm([&questions, &accept](QWidget *, const QString &question) {
        questions << question;
        return accept;
    });
    jobs->cancelSelected();
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions.first().contains(stalled));
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(model, stalled)->status, QStringLiteral("cancelled"), 10000);
    QCOMPARE(thetool::test::getJson(server, "/api/jobs/" + stalled.toUtf8())
                 .value(QLatin1String("status"))
                 .toString(),
        QStringLiteral("cancelled"));

    // Retry from the table: a new job linked to the cancelled one appears on top.
    jobs->selectJob(stalled);
    jobs->retrySelected();
    QCOMPARE(questions.size(), 2);
    const JobSummary *retried = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((retried = model->job(0)) && retried->retryOf == stalled, 10000);
    const QJsonObject linked = thetool::test::getJson(server, "/api/jobs/" + retried->jobId.toUtf8());
    QCOMPARE(linked.value(QLatin1String("retry_of")).toString(), stalled);
    // Tidy: the retry stalls too; cancel it so the server stops quickly.
    thetool::test::getJson(server, "/health");
    server.request("POST", "/api/jobs/" + retried->jobId.toUtf8() + "/cancel", server.authHeader());

    // Multi-select: the question counts the finished rows a retry would act on; declined,
    // nothing is created.
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(model, retried->jobId)->status, QStringLiteral("cancelled"), 10000);
    accept = false;
    const int rowsBefore = model->rowCount();
    jobs->table()->selectAll();
    jobs->retrySelected();
    QCOMPARE(questions.size(), 3);
    QCOMPARE(questions.last(), QStringLiteral("Retry %1 jobs as new jobs?").arg(rowsBefore));
    QTest::qWait(500);
    QCOMPARE(model->rowCount(), rowsBefore);
}

void TestOpsScreens::logViewFiltersByCorrelationId()
{
    QFETCH(ScreensServer::Kind, kind);
    ScreensServer server(kind);
    quietServer(server);
    QVERIFY2(server.start(), qPrintable(server.error()));
    auto api = thetool::test::remoteProfile(server);

    const QString mine = QStringLiteral("ui-logs-%1").arg(QDateTime::currentMSecsSinceEpoch());
    const QString jobId = thetool::test::startAnalysis(
        server, demoJob({QStringLiteral("HDFCBANK.NS")}), "X-Request-ID: " + mine.toUtf8() + "\r\n");
    QVERIFY(!jobId.isEmpty());
    const QString other = thetool::test::startAnalysis(server, demoJob({QStringLiteral("WIPRO.NS")}),
        "X-Request-ID: someone-else-" + mine.toUtf8() + "\r\n");
    QVERIFY(!other.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(thetool::test::getJson(server, "/api/jobs/" + jobId.toUtf8())
                                 .value(QLatin1String("status"))
                                 .toString()
            == QLatin1String("completed"),
        20000);

    LogsView view(*api);
    view.setIntervalMs(300);
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY_WITH_TIMEOUT(view.model()->rowCount() > 0, 10000); // unfiltered first

    view.setMinimumLevel(QStringLiteral("debug"));
    view.setCorrelationFilter(mine);
    LogModel *model = view.model();
    auto jobLines = [&] {
        int n = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            n += model->record(row).jobId == jobId ? 1 : 0;
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(jobLines() >= 2, 10000); // started ... finished
    for (int row = 0; row < model->rowCount(); ++row) {
        const LogModel::Record &r = model->record(row);
        QVERIFY2(r.correlationId == mine, qPrintable(model->lineText(row)));
        QVERIFY2(r.jobId.isEmpty() || r.jobId == jobId, qPrintable(model->lineText(row)));
    }
    qInfo("%d lines for correlation id %s, %d of them from job %s", model->rowCount(), qPrintable(mine),
        jobLines(), qPrintable(jobId));

    // Pause stops fetching; export writes exactly the lines shown.
    view.setPaused(true);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("log.txt"));
    QString error;
    QVERIFY2(view.exportTo(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count('\n'), model->rowCount());
}

QTEST_MAIN(TestOpsScreens)
#include "tst_opsscreens.moc"
