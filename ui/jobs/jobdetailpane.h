#pragma once

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QFormLayout;

namespace thetool::ui {

class OpsApi;

// One job in full: input and configuration, per-ticker outcomes and errors, attempts,
// heartbeat age, a timeline, and its log lines, followed live while the job runs.
class JobDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit JobDetailPane(OpsApi &api, QWidget *parent = nullptr);

    void showJob(const QString &jobId); // empty clears the pane
    QString jobId() const { return m_jobId; }
    void refresh(); // the job's detail again (its row changed)
    void onLogEvent(const QString &jobId); // a job.log event: fetch new lines now
    QString logText() const;
    int outcomeCount() const;

private:
    void fill(const QJsonObject &job);
    void fetchLogs();
    QLabel *addField(QFormLayout *form, const QString &name);

    OpsApi &m_api;
    QString m_jobId;
    qint64 m_logAfter = 0;
    bool m_active = false;
    bool m_logsInFlight = false;
    int m_generation = 0;
    QTimer m_followTimer;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_attempts = nullptr;
    QLabel *m_heartbeat = nullptr;
    QLabel *m_timeline = nullptr;
    QLabel *m_retry = nullptr;
    QLabel *m_error = nullptr;
    QPlainTextEdit *m_config = nullptr;
    QTableWidget *m_outcomes = nullptr;
    QPlainTextEdit *m_logs = nullptr;
};

} // namespace thetool::ui
