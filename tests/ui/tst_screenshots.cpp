// Step 18 acceptance 5: the dashboard, jobs (with a running job) and logs screens at
// 1280x800 in light and dark from a seeded dataset, and no label in them elided.
// With THETOOL_SCREENSHOT_DIR set the PNGs are written there (docs/screenshots/ in the
// repository: `THETOOL_SCREENSHOT_DIR=$PWD/docs/screenshots ctest -R tst_screenshots`);
// otherwise into a temporary folder, so the test always renders and checks every screen.
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QMainWindow>
#include <QMenuBar>
#include <QRandomGenerator>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include "tests/jobs/jobfixture.h"
#include "tests/market/fakechartserver.h"
#include "tests/ui/uitestsupport.h"
#include "ui/common/consolepalette.h"
#include "ui/common/eventpoller.h"
#include "ui/dashboard/dashboardview.h"
#include "ui/dashboard/historystore.h"
#include "ui/jobs/jobdetailpane.h"
#include "ui/jobs/jobsview.h"
#include "ui/jobs/jobtablemodel.h"
#include "ui/logs/logmodel.h"
#include "ui/logs/logsview.h"
#include "ui/mainwindow.h"
#include "ui/operationsscreens.h"

using thetool::test::FakeChartServer;
using thetool::test::ServerProcess;
using namespace thetool::ui;

class TestScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void screens_data();
    void screens();
    void cleanupTestCase();

private:
    void seedHistory(const QString &file);

    FakeChartServer m_provider;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<thetool::test::RemoteProfile> m_api;
    QTemporaryDir m_dir;
    QString m_outDir;
    QString m_runningJob;
    QString m_historyFile;
};

void TestScreenshots::initTestCase()
{
    const QByteArray out = qgetenv("THETOOL_SCREENSHOT_DIR");
    m_outDir = out.isEmpty() ? m_dir.filePath(QStringLiteral("shots")) : QString::fromLocal8Bit(out);
    QVERIFY(QDir().mkpath(m_outDir));

    // The provider answers two tickers, refuses one and then stalls: a job left running at 75 %.
    FakeChartServer::Response ok;
    ok.body = thetool::test::demoChartBody(QStringLiteral("ANY.NS"));
    FakeChartServer::Response missing;
    missing.status = 404;
    missing.body = R"({"chart":{"result":null,"error":{"code":"Not Found","description":"No data found"}}})";
    FakeChartServer::Response stall;
    stall.stall = true;
    m_provider.setScript({ok, ok, missing, stall});

    m_server = std::make_unique<ServerProcess>();
    m_server->setEnv(QStringLiteral("RATE_LIMIT_ENABLED"), QStringLiteral("false"));
    m_server->setEnv(QStringLiteral("MARKET_DATA_URL"), m_provider.url());
    m_server->setEnv(QStringLiteral("WORKERS"), QStringLiteral("1"));
    QVERIFY2(m_server->start(), qPrintable(m_server->error()));
    m_api = thetool::test::remoteProfile(*m_server);

    // Finished demo-data jobs of a few sizes.
    const QList<QStringList> batches {{QStringLiteral("RELIANCE.NS")},
        {QStringLiteral("TCS.NS"), QStringLiteral("INFY.NS"), QStringLiteral("WIPRO.NS")},
        {QStringLiteral("HDFCBANK.NS"), QStringLiteral("ICICIBANK.NS")},
        {QStringLiteral("M&M.NS"), QStringLiteral("MARUTI.NS"), QStringLiteral("TATAMOTORS.NS"),
            QStringLiteral("BAJAJ-AUTO.NS"), QStringLiteral("EICHERMOT.NS")},
        {QStringLiteral("SUNPHARMA.NS"), QStringLiteral("CIPLA.NS")}};
    QString last;
    for (const QStringList &tickers : batches) {
        last = thetool::test::startAnalysis(*m_server,
            {{QStringLiteral("tickers"), QJsonArray::fromStringList(tickers)},
                {QStringLiteral("use_demo_data"), true}, {QStringLiteral("force"), true}});
        QVERIFY(!last.isEmpty());
    }
    QTRY_VERIFY_WITH_TIMEOUT(thetool::test::getJson(*m_server, "/api/jobs/" + last.toUtf8())
                                 .value(QLatin1String("status"))
                                 .toString()
            == QLatin1String("completed"),
        30000);

    // The running job (provider-backed), and a queued job behind it that is cancelled.
    m_runningJob = thetool::test::startAnalysis(*m_server,
        {{QStringLiteral("tickers"),
            QJsonArray {QStringLiteral("ASIANPAINT.NS"), QStringLiteral("NESTLEIND.NS"),
                QStringLiteral("DELISTED.NS"), QStringLiteral("TITAN.NS")}}},
        "X-Request-ID: screenshot-running-job\r\n");
    QVERIFY(!m_runningJob.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_provider.requestCount() >= 4, 30000);
    const QString queued = thetool::test::startAnalysis(
        *m_server, {{QStringLiteral("tickers"), QJsonArray {QStringLiteral("LT.NS")}}});
    QVERIFY(!queued.isEmpty());
    m_server->request("POST", "/api/jobs/" + queued.toUtf8() + "/cancel", m_server->authHeader());

    m_historyFile = m_dir.filePath(QStringLiteral("history.sqlite"));
    seedHistory(m_historyFile);
}

void TestScreenshots::seedHistory(const QString &file)
{
    // Two hours of samples every 30 s before now, as a console left open would have kept.
    HistoryStore store(file, QStringLiteral("screenshots"));
    QVERIFY2(store.isOpen(), qPrintable(store.error()));
    QRandomGenerator random(18);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 240; i > 0; --i) {
        HistoryStore::Sample s;
        s.timeMs = now - qint64(i) * 30000;
        s.responseMs = 3.0 + random.bounded(4.0) + (i % 40 == 0 ? 25.0 : 0.0);
        s.queueDepth = (i > 60 && i < 90) ? qint64(12 - qAbs(i - 75) * 12 / 15) : 0;
        store.append(s);
    }
}

void TestScreenshots::cleanupTestCase()
{
    if (m_server && !m_runningJob.isEmpty())
        m_server->request("POST", "/api/jobs/" + m_runningJob.toUtf8() + "/cancel", m_server->authHeader());
}

void TestScreenshots::screens_data()
{
    QTest::addColumn<QString>("palette");
    QTest::newRow("light") << QStringLiteral("light");
    QTest::newRow("dark") << QStringLiteral("dark");
}

void TestScreenshots::screens()
{
    QFETCH(QString, palette);
    QVERIFY(applyConsolePalette(palette));

    MainWindow window;
    auto *screens = new OperationsScreens(*m_api, QStringLiteral("screenshots"), m_historyFile);
    window.showOperations(screens);
    window.statusBar()->showMessage(tr("Connected to %1").arg(m_api->serverLabel()));
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), QSize(1280, 800));

    // Dashboard: wait for live numbers and workers.
    DashboardView *dashboard = screens->dashboard();
    dashboard->setIntervals(500, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->latest().reachable && dashboard->workerRows() > 0, 15000);
    QTest::qWait(300);
    QStringList problems;
    auto capture = [&](const QString &name) {
        QCoreApplication::processEvents();
        const QImage image = window.grab().toImage();
        QCOMPARE(image.size(), QSize(1280, 800) * window.devicePixelRatio());
        const QString path = QDir(m_outDir).filePath(QStringLiteral("%1-%2.png").arg(name, palette));
        QVERIFY2(image.save(path), qPrintable(path));
        qInfo("wrote %s", qPrintable(path));
        for (const QString &p : thetool::test::elidedLabels(&window))
            problems << name + QStringLiteral(": ") + p;
    };
    capture(QStringLiteral("dashboard"));

    // Jobs: the running job selected, its detail and log in the pane.
    screens->tabs()->setCurrentWidget(screens->jobs());
    JobsView *jobs = screens->jobs();
    QTRY_VERIFY_WITH_TIMEOUT(jobs->model()->rowOf(m_runningJob) >= 0, 15000);
    QCOMPARE(jobs->model()->job(jobs->model()->rowOf(m_runningJob))->status, QStringLiteral("processing"));
    jobs->selectJob(m_runningJob);
    QTRY_VERIFY_WITH_TIMEOUT(!jobs->detail()->logText().isEmpty(), 15000);
    QTest::qWait(300);
    capture(QStringLiteral("jobs"));

    // Logs: the server's recent lines, following.
    screens->tabs()->setCurrentWidget(screens->logs());
    QTRY_VERIFY_WITH_TIMEOUT(screens->logs()->model()->rowCount() > 10, 15000);
    QTest::qWait(300);
    capture(QStringLiteral("logs"));

    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
