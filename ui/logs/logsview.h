#pragma once

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace thetool::ui {

class LogModel;
class OpsApi;

// The server log (GET /api/logs): level and correlation-id filters, follow (keep the newest
// line in view), pause (stop fetching), copy of the selected lines, export to a file.
class LogsView : public QWidget
{
    Q_OBJECT

public:
    explicit LogsView(OpsApi &api, QWidget *parent = nullptr);

    LogModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    void setCorrelationFilter(const QString &id); // reloads
    void setMinimumLevel(const QString &level); // debug, info, warning, error
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void setIntervalMs(int ms) { m_timer.setInterval(ms); }
    void refresh(); // from the start of the server's ring again
    void focusFilter();
    void copySelection() const;
    bool exportTo(const QString &path, QString *error) const;

private:
    void poll();
    void exportWithDialog();

    OpsApi &m_api;
    LogModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QComboBox *m_level = nullptr;
    QLineEdit *m_correlation = nullptr;
    QCheckBox *m_follow = nullptr;
    QPushButton *m_pause = nullptr;
    QLabel *m_state = nullptr;
    QTimer m_timer;
    QString m_after;
    QString m_instance;
    qint64 m_dropped = 0;
    int m_generation = 0;
    bool m_inFlight = false;
    bool m_paused = false;
};

} // namespace thetool::ui
