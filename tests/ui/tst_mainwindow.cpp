#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "client/api/apiclient.h"
#include "thetool_buildinfo.h"
#include "ui/common/clientopsapi.h"
#include "ui/common/notifier.h"
#include "ui/mainwindow.h"
#include "ui/operationsscreens.h"

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsVersionAndConnectionState()
    {
        thetool::ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("TheTool Console")));
        QCOMPARE(window.connectionText(), QStringLiteral("Not connected to a server"));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("rev ")));
    }

    // The screens' actions, shortcuts and About box, and in-window notifications when no
    // system tray exists (offscreen has none). No server: nothing answers on port 1.
    void operationsScreensActions()
    {
        QTemporaryDir dir;
        QCoreApplication::setOrganizationName(QStringLiteral("TheToolTest"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
        thetool::client::ApiClient client;
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:1")), QStringLiteral("key"));
        thetool::ui::ClientOpsApi api(client);
        thetool::ui::MainWindow window;
        auto *screens = new thetool::ui::OperationsScreens(
            api, QStringLiteral("test"), dir.filePath(QStringLiteral("h.sqlite")));
        window.showOperations(screens);
        QCOMPARE(window.connectionText(), QString());
        QCOMPARE(window.menuBar()->actions().size(), 2); // View, Help
        QCOMPARE(screens->tabs()->count(), 3);

        QStringList shortcuts;
        for (QAction *a : screens->screenActions())
            shortcuts << a->shortcut().toString(QKeySequence::PortableText);
        QVERIFY2(shortcuts.contains(QStringLiteral("F5")), qPrintable(shortcuts.join(QLatin1Char(','))));
        QVERIFY(shortcuts.contains(QStringLiteral("Ctrl+F")));
        QVERIFY(shortcuts.contains(QStringLiteral("Ctrl+N")));
        QVERIFY(!screens->newAnalysisAction()->isEnabled()); // the analysis screen comes later

        const QString about = screens->aboutText();
        QVERIFY(about.contains(QStringLiteral(THETOOL_VERSION)));
        QVERIFY(about.contains(QString::fromLatin1(qVersion())));
        QVERIFY(about.contains(QStringLiteral("QCustomPlot 2.")));

        thetool::ui::Notifier *notifier = screens->notifier();
        QVERIFY(!notifier->usesTray());
        QSignalSpy inWindow(notifier, &thetool::ui::Notifier::inWindowMessage);
        notifier->notify(QStringLiteral("Job finished"), QStringLiteral("done"));
        QCOMPARE(inWindow.size(), 1);
        QVERIFY(screens->banner()->isVisibleTo(screens));
        QVERIFY(screens->banner()->text().contains(QStringLiteral("Job finished")));
        // Switched off: nothing shown, and the choice is remembered.
        QAction *toggle = screens->screenActions().at(3);
        toggle->setChecked(false);
        notifier->notify(QStringLiteral("Job failed"), QStringLiteral("x"));
        QCOMPARE(inWindow.size(), 1);
        QCOMPARE(QSettings().value(QStringLiteral("notifications/enabled")).toBool(), false);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
