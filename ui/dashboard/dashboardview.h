#pragma once

#include <QTimer>
#include <QWidget>

#include <memory>

#include "ui/dashboard/healthsnapshot.h"

class QCPGraph;
class QCustomPlot;
class QFormLayout;
class QGroupBox;
class QLabel;
class QTableWidget;

namespace thetool::ui {

class HistoryStore;
class OpsApi;

// The dashboard: the server's health, jobs and workers now, and charts of response time,
// cache hit rate and queue depth from a local history that survives restarts. Polls every
// few seconds while visible and slowly while hidden or minimised.
class DashboardView : public QWidget
{
    Q_OBJECT

public:
    DashboardView(OpsApi &api, std::unique_ptr<HistoryStore> history, QWidget *parent = nullptr);
    ~DashboardView() override;

    void setIntervals(int visibleMs, int hiddenMs);
    int currentIntervalMs() const { return m_timer.interval(); }
    void refresh();
    const HealthSnapshot &latest() const { return m_latest; }
    QString fieldText(const QString &name) const; // the value shown for a field ("Uptime", ...)
    int workerRows() const;
    int historySize() const;

Q_SIGNALS:
    void healthStateChanged(const QString &from, const QString &to, const QString &message);
    void updated(); // after each /health answer is shown

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QLabel *addField(QFormLayout *form, const QString &name);
    QCustomPlot *addChart(const QString &title, const QString &unit);
    void showHealth(const HealthSnapshot &h);
    void fetchWorkers();
    void redrawCharts();
    void styleCharts();
    void adjustInterval();

    OpsApi &m_api;
    std::unique_ptr<HistoryStore> m_history;
    QTimer m_timer;
    int m_visibleMs = 5000;
    int m_hiddenMs = 30000;
    bool m_inFlight = false;
    HealthSnapshot m_latest;
    QString m_lastState;
    QHash<QString, QLabel *> m_fields;
    QTableWidget *m_workers = nullptr;
    QLabel *m_workersNote = nullptr;
    QList<QCustomPlot *> m_charts;
};

} // namespace thetool::ui
