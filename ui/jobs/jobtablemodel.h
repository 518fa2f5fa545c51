#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QTimer>
#include <QUrlQuery>

#include "ui/common/jobsummary.h"

namespace thetool::ui {

class OpsApi;

// The jobs table: newest first, loaded in keyset pages as the view scrolls (canFetchMore /
// fetchMore), and kept live by applying diffs: events update rows in place, new jobs are
// inserted at the top. Never reloads every row to show a change.
class JobTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Status, Kind, Tickers, Progress, Successful, Created, Duration, Correlation, ColumnCount };
    static constexpr int ProgressRole = Qt::UserRole + 1; // int 0..100
    static constexpr int JobIdRole = Qt::UserRole + 2;

    struct Filter {
        QString status; // empty = all
        QString kind;
        QString ticker;
        QString correlationId;
        bool operator==(const Filter &) const = default;
    };

    explicit JobTableModel(OpsApi &api, QObject *parent = nullptr);

    void setFilter(const Filter &filter); // reloads from the first page
    const Filter &filter() const { return m_filter; }
    void reload();
    // Fetches the newest page again and merges it (new jobs on top, changed rows updated).
    void refreshHead();
    void applyEvent(const QString &type, const QString &jobId, const QJsonObject &data);

    const JobSummary *job(int row) const;
    int rowOf(const QString &jobId) const { return m_rowById.value(jobId, -1); }
    void setPageSize(int rows) { m_pageSize = rows; }

    // For the status line and the scale test: what was fetched, never a count(*) of all.
    int pagesFetched() const { return m_pagesFetched; }
    bool hasMorePages() const { return !m_nextCursor.isEmpty(); }
    bool isLoading() const { return m_loading; }
    const QHash<QString, qint64> &counts() const { return m_counts; }
    QString lastError() const { return m_lastError; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void pageLoaded(); // after each page or head merge
    void countsChanged();
    void loadFailed(const QString &message);
    void jobUpdated(const QString &jobId); // a row's content changed (detail pane follows)

private:
    QUrlQuery baseQuery(int limit) const;
    void takeCounts(const QJsonObject &body);
    void reindex();
    void scheduleHeadRefresh();

    OpsApi &m_api;
    Filter m_filter;
    QList<JobSummary> m_jobs;
    QHash<QString, int> m_rowById;
    QHash<QString, qint64> m_counts;
    QString m_nextCursor;
    QString m_lastError;
    int m_pageSize = 200;
    int m_pagesFetched = 0;
    int m_generation = 0; // answers to an older filter are dropped
    bool m_loading = false;
    bool m_headInFlight = false;
    QTimer m_headTimer; // coalesces bursts of job.created events
};

} // namespace thetool::ui
