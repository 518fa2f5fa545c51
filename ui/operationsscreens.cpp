#include "ui/operationsscreens.h"

#include <QAction>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/common/qcustomplotinclude.h"

#include "thetool_buildinfo.h"
#include "ui/common/eventpoller.h"
#include "ui/common/notifier.h"
#include "ui/common/opsapi.h"
#include "ui/dashboard/dashboardview.h"
#include "ui/dashboard/historystore.h"
#include "ui/jobs/jobsview.h"
#include "ui/logs/logsview.h"

namespace thetool::ui {

namespace {
const char *const notificationsKey = "notifications/enabled";
}

OperationsScreens::OperationsScreens(
    OpsApi &api, const QString &profile, const QString &historyPath, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_profile(profile)
{
    m_notifier = new Notifier(this);
    m_notifier->setEnabled(QSettings().value(QLatin1String(notificationsKey), true).toBool());
    m_events = new EventPoller(api, this);

    m_banner = new QLabel(this);
    m_banner->setWordWrap(true);
    m_banner->setMargin(6);
    m_banner->setAutoFillBackground(true);
    m_banner->hide();
    m_bannerTimer.setSingleShot(true);
    m_bannerTimer.setInterval(10000);
    connect(&m_bannerTimer, &QTimer::timeout, m_banner, &QLabel::hide);

    m_tabs = new QTabWidget(this);
    m_dashboard = new DashboardView(api, std::make_unique<HistoryStore>(historyPath, profile), m_tabs);
    m_jobs = new JobsView(api, m_tabs);
    m_logs = new LogsView(api, m_tabs);
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    m_tabs->addTab(m_jobs, tr("Jobs"));
    m_tabs->addTab(m_logs, tr("Logs"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);

    m_refresh = new QAction(tr("&Refresh"), this);
    m_refresh->setShortcuts({QKeySequence::Refresh, QKeySequence(Qt::CTRL | Qt::Key_R)});
    connect(m_refresh, &QAction::triggered, this, &OperationsScreens::refreshCurrent);
    m_find = new QAction(tr("&Find"), this);
    m_find->setShortcut(QKeySequence::Find);
    connect(m_find, &QAction::triggered, this, &OperationsScreens::findInCurrent);
    // The analysis screen (step 19) owns this; until then the shortcut is visible but off.
    m_newAnalysis = new QAction(tr("&New analysis…"), this);
    m_newAnalysis->setShortcut(QKeySequence::New);
    m_newAnalysis->setEnabled(false);
    m_newAnalysis->setToolTip(tr("Arrives with the analysis screen"));
    m_notifications = new QAction(tr("&Notifications"), this);
    m_notifications->setCheckable(true);
    m_notifications->setChecked(m_notifier->isEnabled());
    connect(m_notifications, &QAction::toggled, this, [this](bool on) {
        m_notifier->setEnabled(on);
        QSettings().setValue(QLatin1String(notificationsKey), on);
    });
    m_about = new QAction(tr("&About TheTool Console"), this);
    connect(m_about, &QAction::triggered, this, &OperationsScreens::showAbout);
    for (QAction *a : {m_refresh, m_find, m_newAnalysis}) {
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
    }

    connect(m_events, &EventPoller::jobEvent, this, &OperationsScreens::onJobEvent);
    connect(m_notifier, &Notifier::inWindowMessage, this, &OperationsScreens::showBanner);
    connect(m_dashboard, &DashboardView::healthStateChanged, this,
        [this](const QString &from, const QString &to, const QString &message) {
            m_notifier->notify(tr("%1: health %2").arg(m_api.serverLabel(), to),
                tr("was %1%2").arg(from, message.isEmpty() ? QString() : QStringLiteral("; ") + message),
                to != QLatin1String("ok"));
        });
    connect(m_jobs, &JobsView::actionFinished, this,
        [this](const QString &message) { showBanner({}, message, false); });
    m_visibilityTimer.setInterval(2000);
    connect(&m_visibilityTimer, &QTimer::timeout, this, &OperationsScreens::adjustPolling);
    m_visibilityTimer.start();
    m_events->start();
}

OperationsScreens::~OperationsScreens() = default;

QList<QAction *> OperationsScreens::screenActions() const
{
    return {m_refresh, m_find, m_newAnalysis, m_notifications, m_about};
}

void OperationsScreens::installMenus(QMenuBar *menuBar)
{
    // Owned by the screens, so replacing them (another profile) takes their menus away too.
    auto *view = new QMenu(tr("&View"), this);
    menuBar->addMenu(view);
    view->addAction(m_refresh);
    view->addAction(m_find);
    view->addAction(m_newAnalysis);
    view->addSeparator();
    view->addAction(m_notifications);
    auto *help = new QMenu(tr("&Help"), this);
    help->addAction(m_about);
    menuBar->addMenu(help);
}

void OperationsScreens::adjustPolling()
{
    const QWidget *top = window();
    const bool watched = isVisible() && top && !top->isMinimized();
    m_events->setIntervalMs(watched ? 1000 : 5000);
}

void OperationsScreens::refreshCurrent()
{
    QWidget *current = m_tabs->currentWidget();
    if (current == m_dashboard)
        m_dashboard->refresh();
    else if (current == m_jobs)
        m_jobs->refresh();
    else if (current == m_logs)
        m_logs->refresh();
}

void OperationsScreens::findInCurrent()
{
    if (m_tabs->currentWidget() == m_logs)
        return m_logs->focusFilter();
    m_tabs->setCurrentWidget(m_jobs);
    m_jobs->focusSearch();
}

void OperationsScreens::onJobEvent(const QString &type, const QString &jobId, const QJsonObject &payload)
{
    m_jobs->onJobEvent(type, jobId, payload);
    if (type != QLatin1String("job.finished"))
        return;
    const QString status = payload.value(QLatin1String("status")).toString();
    const QString shortId = jobId.left(8);
    if (status == QLatin1String("completed"))
        m_notifier->notify(tr("Job finished"),
            tr("Job %1 completed: %2 of %3 successful")
                .arg(shortId)
                .arg(payload.value(QLatin1String("successful")).toInt())
                .arg(payload.value(QLatin1String("total")).toInt()));
    else if (status == QLatin1String("failed"))
        m_notifier->notify(tr("Job failed"),
            tr("Job %1 failed: %2").arg(shortId, payload.value(QLatin1String("error")).toString()), true);
}

void OperationsScreens::showBanner(const QString &title, const QString &message, bool warning)
{
    QPalette p = m_banner->palette();
    p.setColor(QPalette::Window, warning ? QColor(0xfd, 0xec, 0xc8) : QColor(0xdd, 0xec, 0xfb));
    p.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
    m_banner->setPalette(p);
    m_banner->setText(title.isEmpty() ? message : QStringLiteral("%1 — %2").arg(title, message));
    m_banner->show();
    m_bannerTimer.start();
}

QString OperationsScreens::aboutText() const
{
    const QString server = m_dashboard->latest().version;
    return tr("<h3>TheTool Console</h3>"
              "<p>Console %1 (rev %2)<br>Server %3 at %4 (profile %5)<br>"
              "Qt %6 (built with %7)<br>QCustomPlot %8</p>"
              "<p>Licensed under the GNU GPL, version 3 or later.</p>")
        .arg(QStringLiteral(THETOOL_VERSION), QStringLiteral(THETOOL_GIT_REVISION),
            server.isEmpty() ? tr("(not answering)") : server, m_api.serverLabel(), m_profile,
            QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
            QStringLiteral(QCUSTOMPLOT_VERSION_STR));
}

void OperationsScreens::showAbout()
{
    QMessageBox::about(this, tr("About TheTool Console"), aboutText());
}

} // namespace thetool::ui
