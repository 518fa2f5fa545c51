#include "ui/common/notifier.h"

#include <QApplication>
#include <QStyle>
#include <QSystemTrayIcon>

namespace thetool::ui {

Notifier::Notifier(QObject *parent)
    : QObject(parent)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::style()->standardIcon(QStyle::SP_ComputerIcon), this);
        m_tray->setToolTip(tr("TheTool Console"));
        m_tray->show();
    }
}

Notifier::~Notifier() = default;

void Notifier::setEnabled(bool enabled)
{
    m_enabled = enabled;
}

void Notifier::notify(const QString &title, const QString &message, bool warning)
{
    if (!m_enabled)
        return;
    m_history.append(title + QStringLiteral(": ") + message);
    if (m_tray && m_tray->isVisible() && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(
            title, message, warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    else
        Q_EMIT inWindowMessage(title, message, warning);
}

} // namespace thetool::ui
