#pragma once

#include <QObject>

class QMainWindow;

namespace thetool::client {
class ConnectionManager;
class EmbeddedServer;
class ProfileStore;
class SecretStore;
} // namespace thetool::client

namespace thetool::ui {

class ServerStatusWidget;

// Puts the connection parts into a main window: a "Connection" menu with "Connections…"
// (the profiles dialog) and the server status in the status bar. The window needs no code
// of its own for it.
class ConnectionUi : public QObject
{
    Q_OBJECT

public:
    ConnectionUi(QMainWindow &window, client::ProfileStore &profiles, client::SecretStore &secrets,
        client::ConnectionManager &connections, client::EmbeddedServer &embedded);

    ServerStatusWidget *statusWidget() const { return m_status; }

public Q_SLOTS:
    void showConnections();

private:
    QMainWindow &m_window;
    client::ProfileStore &m_profiles;
    client::SecretStore &m_secrets;
    client::ConnectionManager &m_connections;
    client::EmbeddedServer &m_embedded;
    ServerStatusWidget *m_status = nullptr;
};

} // namespace thetool::ui
