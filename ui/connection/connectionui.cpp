#include "ui/connection/connectionui.h"

#include <QAction>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>

#include "ui/connection/connectiondialog.h"
#include "ui/connection/serverstatuswidget.h"

namespace thetool::ui {

ConnectionUi::ConnectionUi(QMainWindow &window, client::ProfileStore &profiles, client::SecretStore &secrets,
    client::ConnectionManager &connections, client::EmbeddedServer &embedded)
    : QObject(&window)
    , m_window(window)
    , m_profiles(profiles)
    , m_secrets(secrets)
    , m_connections(connections)
    , m_embedded(embedded)
{
    QMenu *menu = m_window.menuBar()->addMenu(tr("&Connection"));
    QAction *action = menu->addAction(tr("&Connections…"));
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(action, &QAction::triggered, this, &ConnectionUi::showConnections);
    m_status = new ServerStatusWidget(m_connections, m_embedded, &m_window);
    m_window.statusBar()->addPermanentWidget(m_status);
}

void ConnectionUi::showConnections()
{
    ConnectionDialog dialog(m_profiles, m_secrets, m_connections, m_embedded, &m_window);
    dialog.exec();
}

} // namespace thetool::ui
