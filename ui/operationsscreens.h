#pragma once

#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QMenuBar;
class QTabWidget;

namespace thetool::ui {

class DashboardView;
class EventPoller;
class JobsView;
class LogsView;
class Notifier;
class OpsApi;

// What an admin watches all day, for one connection: dashboard, jobs and logs in tabs,
// fed by one event follower, with notifications, shortcuts and the About box.
class OperationsScreens : public QWidget
{
    Q_OBJECT

public:
    // `historyPath` is the dashboard's SQLite history file (HistoryStore::defaultPath()).
    OperationsScreens(
        OpsApi &api, const QString &profile, const QString &historyPath, QWidget *parent = nullptr);
    ~OperationsScreens() override;

    DashboardView *dashboard() const { return m_dashboard; }
    JobsView *jobs() const { return m_jobs; }
    LogsView *logs() const { return m_logs; }
    Notifier *notifier() const { return m_notifier; }
    EventPoller *events() const { return m_events; }
    QTabWidget *tabs() const { return m_tabs; }
    QLabel *banner() const { return m_banner; }
    QList<QAction *> screenActions() const;
    QAction *newAnalysisAction() const { return m_newAnalysis; }

    // Adds View and Help menus with the screens' actions to a main window's menu bar.
    void installMenus(QMenuBar *menuBar);
    void refreshCurrent();
    void findInCurrent();
    void showAbout();
    QString aboutText() const;

private:
    void onJobEvent(const QString &type, const QString &jobId, const QJsonObject &payload);
    void showBanner(const QString &title, const QString &message, bool warning);
    void adjustPolling();

    OpsApi &m_api;
    QString m_profile;
    Notifier *m_notifier = nullptr;
    EventPoller *m_events = nullptr;
    QTabWidget *m_tabs = nullptr;
    DashboardView *m_dashboard = nullptr;
    JobsView *m_jobs = nullptr;
    LogsView *m_logs = nullptr;
    QLabel *m_banner = nullptr;
    QTimer m_bannerTimer;
    QTimer m_visibilityTimer;
    QAction *m_refresh = nullptr;
    QAction *m_find = nullptr;
    QAction *m_newAnalysis = nullptr;
    QAction *m_notifications = nullptr;
    QAction *m_about = nullptr;
};

} // namespace thetool::ui
