#pragma once

#include <QTimer>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace thetool::ui {

class JobDetailPane;
class JobTableModel;
class OpsApi;

// The jobs screen: filters, search, the live table, cancel and retry (with confirmation,
// on every selected row) and the detail pane of the current job.
class JobsView : public QWidget
{
    Q_OBJECT

public:
    // Asked before cancel or retry; returns true to go ahead. Replaceable for tests.
    using Confirm = std::function<bool(QWidget *parent, const QString &question)>;

    explicit JobsView(OpsApi &api, QWidget *parent = nullptr);

    JobTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    JobDetailPane *detail() const { return m_detail; }
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

    void refresh();
    void focusSearch();
    void selectJob(const QString &jobId);
    void cancelSelected();
    void retrySelected();
    void onJobEvent(const QString &type, const QString &jobId, const QJsonObject &payload);

Q_SIGNALS:
    void actionFinished(const QString &message); // after cancel or retry, for the status line

private:
    void applyFilter();
    void updateActions();
    void updateCounts();
    QStringList selectedJobIds(bool active) const;

    OpsApi &m_api;
    JobTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    JobDetailPane *m_detail = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_searchField = nullptr;
    QLineEdit *m_search = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_retry = nullptr;
    QLabel *m_counts = nullptr;
    QTimer m_tick; // repaints running durations
    Confirm m_confirm;
};

} // namespace thetool::ui
