#include "ui/connection/serverstatuswidget.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QUrl>

#include "client/local/connectionmanager.h"
#include "client/local/embeddedserver.h"

namespace thetool::ui {

using client::EmbeddedServer;

ServerStatusWidget::ServerStatusWidget(
    client::ConnectionManager &connections, client::EmbeddedServer &embedded, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_embedded(embedded)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_label = new QLabel(this);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openLog = new QToolButton(this);
    m_openLog->setText(tr("Open log"));
    m_copyDiagnostics = new QToolButton(this);
    m_copyDiagnostics->setText(tr("Copy diagnostics"));
    m_retry = new QToolButton(this);
    m_retry->setText(tr("Retry"));
    layout->addWidget(m_label);
    layout->addWidget(m_openLog);
    layout->addWidget(m_copyDiagnostics);
    layout->addWidget(m_retry);

    connect(m_openLog, &QToolButton::clicked, this,
        [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_embedded.logFilePath())); });
    connect(m_copyDiagnostics, &QToolButton::clicked, this,
        [this] { QGuiApplication::clipboard()->setText(m_embedded.diagnostics()); });
    connect(m_retry, &QToolButton::clicked, this, [this] { m_embedded.start(); });
    connect(&m_embedded, &EmbeddedServer::stateChanged, this, &ServerStatusWidget::refresh);
    connect(&m_connections, &client::ConnectionManager::endpointChanged, this, &ServerStatusWidget::refresh);
    refresh();
}

QString ServerStatusWidget::text() const
{
    return m_label->text();
}

bool ServerStatusWidget::failureActionsVisible() const
{
    return !m_copyDiagnostics->isHidden();
}

void ServerStatusWidget::refresh()
{
    const client::Endpoint endpoint = m_connections.current();
    bool failed = false;
    QString text;
    if (endpoint.profileName.isEmpty()) {
        text = tr("No connection");
    } else if (!endpoint.embedded) {
        text = tr("%1: %2").arg(endpoint.profileName, endpoint.url.toString(QUrl::RemoveUserInfo));
    } else {
        switch (m_embedded.state()) {
        case EmbeddedServer::State::Stopped:
            text = tr("Local server stopped");
            break;
        case EmbeddedServer::State::Starting:
            text = tr("Local server starting…");
            break;
        case EmbeddedServer::State::Running:
            text = tr("Local server running on 127.0.0.1:%1").arg(m_embedded.port());
            break;
        case EmbeddedServer::State::Restarting:
            text = tr("Local server stopped unexpectedly: restarting…");
            break;
        case EmbeddedServer::State::Failed:
            text = m_embedded.failure().message;
            failed = true;
            break;
        }
    }
    m_label->setText(text);
    m_label->setToolTip(failed ? m_embedded.failure().detail : QString());
    m_openLog->setVisible(failed);
    m_copyDiagnostics->setVisible(failed);
    m_retry->setVisible(failed);
}

} // namespace thetool::ui
