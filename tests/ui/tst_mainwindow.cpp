#include <QStatusBar>
#include <QTest>

#include "ui/mainwindow.h"

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
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
