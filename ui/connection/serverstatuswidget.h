#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace thetool::client {
class ConnectionManager;
class EmbeddedServer;
} // namespace thetool::client

namespace thetool::ui {

// The status-bar part that says which server the console talks to and, for the embedded one,
// its state; when it failed, why, with "Open log", "Copy diagnostics" and "Retry".
class ServerStatusWidget : public QWidget
{
    Q_OBJECT

public:
    ServerStatusWidget(
        client::ConnectionManager &connections, client::EmbeddedServer &embedded, QWidget *parent = nullptr);

    QString text() const;
    bool failureActionsVisible() const;

private:
    void refresh();

    client::ConnectionManager &m_connections;
    client::EmbeddedServer &m_embedded;
    QLabel *m_label = nullptr;
    QToolButton *m_openLog = nullptr;
    QToolButton *m_copyDiagnostics = nullptr;
    QToolButton *m_retry = nullptr;
};

} // namespace thetool::ui
