#pragma once

#include <QObject>
#include <QStringList>

class QSystemTrayIcon;

namespace thetool::ui {

// Tells the user that a job finished or failed, or that a server's health changed: through
// the system tray when there is one, else in the window (inWindowMessage). Switchable.
class Notifier : public QObject
{
    Q_OBJECT

public:
    explicit Notifier(QObject *parent = nullptr);
    ~Notifier() override;

    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);
    bool usesTray() const { return m_tray != nullptr; }
    void notify(const QString &title, const QString &message, bool warning = false);
    QStringList history() const { return m_history; } // every notification shown, newest last

Q_SIGNALS:
    void inWindowMessage(const QString &title, const QString &message, bool warning);

private:
    QSystemTrayIcon *m_tray = nullptr;
    bool m_enabled = true;
    QStringList m_history;
};

} // namespace thetool::ui
