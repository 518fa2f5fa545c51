#include "ui/mainwindow.h"

#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

#include "thetool_buildinfo.h"
#include "ui/operationsscreens.h"

namespace thetool::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("TheTool Console " THETOOL_VERSION));
    resize(1200, 800);
    m_connectionLabel = new QLabel(tr("Not connected to a server"), this);
    m_connectionLabel->setAlignment(Qt::AlignCenter);
    setCentralWidget(m_connectionLabel);
    statusBar()->showMessage(
        tr("Version %1 (rev %2)").arg(QStringLiteral(THETOOL_VERSION), QStringLiteral(THETOOL_GIT_REVISION)));
}

void MainWindow::showOperations(OperationsScreens *screens)
{
    setCentralWidget(screens); // deletes the "not connected" label
    m_connectionLabel = nullptr;
    screens->installMenus(menuBar());
}

QString MainWindow::connectionText() const
{
    return m_connectionLabel ? m_connectionLabel->text() : QString();
}

} // namespace thetool::ui
