#include "ui/jobs/jobtablemodel.h"

#include <QColor>
#include <QDateTime>
#include <QJsonArray>

#include "ui/common/displayformat.h"
#include "ui/common/opsapi.h"

namespace thetool::ui {

JobTableModel::JobTableModel(OpsApi &api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{
    m_headTimer.setSingleShot(true);
    m_headTimer.setInterval(150);
    connect(&m_headTimer, &QTimer::timeout, this, &JobTableModel::refreshHead);
}

void JobTableModel::setFilter(const Filter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    reload();
}

QUrlQuery JobTableModel::baseQuery(int limit) const
{
    QUrlQuery q;
    if (!m_filter.status.isEmpty())
        q.addQueryItem(QStringLiteral("status"), m_filter.status);
    if (!m_filter.kind.isEmpty())
        q.addQueryItem(QStringLiteral("kind"), m_filter.kind);
    if (!m_filter.ticker.isEmpty())
        q.addQueryItem(QStringLiteral("ticker"), m_filter.ticker);
    if (!m_filter.correlationId.isEmpty())
        q.addQueryItem(QStringLiteral("correlation_id"), m_filter.correlationId);
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    return q;
}

void JobTableModel::reload()
{
    beginResetModel();
    m_jobs.clear();
    m_rowById.clear();
    m_nextCursor.clear();
    m_pagesFetched = 0;
    ++m_generation;
    endResetModel();
    m_loading = true;
    const int generation = m_generation;
    m_api.get(
        QStringLiteral("/api/jobs"), baseQuery(m_pageSize), this, [this, generation](const ApiResult &r) {
            if (generation != m_generation)
                return;
            m_loading = false;
            if (!r.ok) {
                m_lastError = r.errorMessage;
                Q_EMIT loadFailed(r.errorMessage);
                return;
            }
            m_lastError.clear();
            const QJsonArray rows = r.body.value(QLatin1String("jobs")).toArray();
            if (!rows.isEmpty()) {
                beginInsertRows({}, 0, int(rows.size()) - 1);
                for (const QJsonValue &v : rows)
                    m_jobs.append(JobSummary::fromJson(v.toObject()));
                reindex();
                endInsertRows();
            }
            m_nextCursor = r.body.value(QLatin1String("next_cursor")).toString();
            ++m_pagesFetched;
            takeCounts(r.body);
            Q_EMIT pageLoaded();
        });
}

bool JobTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_loading && !m_nextCursor.isEmpty();
}

void JobTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_loading = true;
    QUrlQuery q = baseQuery(m_pageSize);
    q.addQueryItem(QStringLiteral("cursor"), m_nextCursor);
    const int generation = m_generation;
    m_api.get(QStringLiteral("/api/jobs"), q, this, [this, generation](const ApiResult &r) {
        if (generation != m_generation)
            return;
        m_loading = false;
        if (!r.ok) {
            m_lastError = r.errorMessage;
            Q_EMIT loadFailed(r.errorMessage);
            return;
        }
        QList<JobSummary> fresh;
        for (const QJsonValue &v : r.body.value(QLatin1String("jobs")).toArray()) {
            JobSummary job = JobSummary::fromJson(v.toObject());
            if (!m_rowById.contains(job.jobId)) // inserted live at the top meanwhile
                fresh.append(std::move(job));
        }
        if (!fresh.isEmpty()) {
            const int first = int(m_jobs.size());
            beginInsertRows({}, first, first + int(fresh.size()) - 1);
            for (JobSummary &job : fresh) {
                m_rowById.insert(job.jobId, int(m_jobs.size()));
                m_jobs.append(std::move(job));
            }
            endInsertRows();
        }
        m_nextCursor = r.body.value(QLatin1String("next_cursor")).toString();
        ++m_pagesFetched;
        Q_EMIT pageLoaded();
    });
}

void JobTableModel::refreshHead()
{
    if (m_headInFlight || m_loading)
        return scheduleHeadRefresh();
    m_headInFlight = true;
    const int generation = m_generation;
    m_api.get(QStringLiteral("/api/jobs"), baseQuery(50), this, [this, generation](const ApiResult &r) {
        m_headInFlight = false;
        if (generation != m_generation || !r.ok)
            return;
        const QJsonArray rows = r.body.value(QLatin1String("jobs")).toArray();
        QList<JobSummary> newer;
        for (const QJsonValue &v : rows) {
            JobSummary job = JobSummary::fromJson(v.toObject());
            const int row = m_rowById.value(job.jobId, -1);
            if (row >= 0) {
                const bool changed = m_jobs[row].status != job.status || m_jobs[row].progress != job.progress
                    || m_jobs[row].completed != job.completed
                    || m_jobs[row].durationSeconds != job.durationSeconds
                    || m_jobs[row].attempt != job.attempt;
                m_jobs[row] = job;
                if (changed) {
                    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
                    Q_EMIT jobUpdated(job.jobId);
                }
            } else if (m_jobs.isEmpty() || job.createdAt >= m_jobs.first().createdAt) {
                newer.append(std::move(job));
            }
        }
        if (!newer.isEmpty()) {
            beginInsertRows({}, 0, int(newer.size()) - 1);
            for (qsizetype i = newer.size() - 1; i >= 0; --i)
                m_jobs.prepend(newer[i]);
            reindex();
            endInsertRows();
        }
        if (m_pagesFetched == 0) {
            m_nextCursor = r.body.value(QLatin1String("next_cursor")).toString();
            m_pagesFetched = 1;
        }
        takeCounts(r.body);
        Q_EMIT pageLoaded();
    });
}

void JobTableModel::scheduleHeadRefresh()
{
    if (!m_headTimer.isActive())
        m_headTimer.start();
}

void JobTableModel::applyEvent(const QString &type, const QString &jobId, const QJsonObject &data)
{
    if (type == QLatin1String("job.log"))
        return;
    const int row = m_rowById.value(jobId, -1);
    if (row < 0) {
        // A job this table does not hold yet: new jobs (and retries) appear at the top.
        if (type == QLatin1String("job.created") || type == QLatin1String("job.progress"))
            scheduleHeadRefresh();
        return;
    }
    JobSummary &job = m_jobs[row];
    const QString before = job.status;
    if (job.applyEvent(data)) {
        if (before == QLatin1String("queued") && job.status == QLatin1String("processing")
            && !job.startedAt.isValid())
            job.startedAt = QDateTime::currentDateTimeUtc();
        if (job.isFinished() && !job.completedAt.isValid())
            job.completedAt = QDateTime::currentDateTimeUtc();
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        Q_EMIT jobUpdated(jobId);
    }
    if (before != job.status || type == QLatin1String("job.finished"))
        scheduleHeadRefresh(); // the counts per status moved; the server's duration too
}

void JobTableModel::takeCounts(const QJsonObject &body)
{
    QHash<QString, qint64> counts;
    const QJsonObject c = body.value(QLatin1String("counts")).toObject();
    for (auto it = c.begin(); it != c.end(); ++it)
        counts.insert(it.key(), it.value().toInteger());
    if (counts != m_counts) {
        m_counts = counts;
        Q_EMIT countsChanged();
    }
}

void JobTableModel::reindex()
{
    m_rowById.clear();
    m_rowById.reserve(m_jobs.size());
    for (int i = 0; i < m_jobs.size(); ++i)
        m_rowById.insert(m_jobs[i].jobId, i);
}

const JobSummary *JobTableModel::job(int row) const
{
    return row >= 0 && row < m_jobs.size() ? &m_jobs[row] : nullptr;
}

int JobTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int JobTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobTableModel::data(const QModelIndex &index, int role) const
{
    const JobSummary *j = job(index.row());
    if (!j)
        return {};
    if (role == JobIdRole)
        return j->jobId;
    if (role == ProgressRole)
        return j->progress;
    if (role == Qt::ToolTipRole) {
        if (index.column() == Created)
            return display::timestamp(j->createdAt);
        if (!j->error.isEmpty())
            return j->error;
        if (index.column() == Tickers)
            return j->tickers.join(QLatin1String(", "));
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (j->status == QLatin1String("failed"))
            return QColor(0xc6, 0x28, 0x28);
        if (j->status == QLatin1String("completed"))
            return QColor(0x2e, 0x7d, 0x32);
        return {};
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Successful || index.column() == Duration))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Status:
        return j->status;
    case Kind:
        return j->kind;
    case Tickers: {
        QString text = j->tickers.join(QLatin1String(", "));
        if (j->tickerCount > j->tickers.size())
            text += tr(" (+%1)").arg(j->tickerCount - j->tickers.size());
        return text;
    }
    case Progress:
        return QStringLiteral("%1 %").arg(j->progress);
    case Successful:
        return QStringLiteral("%1 / %2").arg(j->successful).arg(j->total);
    case Created:
        return j->createdAt.isValid() ? j->createdAt.toLocalTime().toString(QStringLiteral("MM-dd HH:mm:ss"))
                                      : display::missing();
    case Duration:
        if (j->status == QLatin1String("processing") && j->startedAt.isValid())
            return display::duration(double(j->startedAt.msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0);
        return j->durationSeconds ? display::duration(*j->durationSeconds) : display::missing();
    case Correlation:
        return j->correlationId.isEmpty() ? display::missing() : j->correlationId;
    default:
        return {};
    }
}

QVariant JobTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Status:
        return tr("Status");
    case Kind:
        return tr("Kind");
    case Tickers:
        return tr("Tickers");
    case Progress:
        return tr("Progress");
    case Successful:
        return tr("OK / total");
    case Created:
        return tr("Created");
    case Duration:
        return tr("Duration");
    case Correlation:
        return tr("Correlation id");
    default:
        return {};
    }
}

} // namespace thetool::ui
