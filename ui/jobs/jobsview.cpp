#include "ui/jobs/jobsview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

#include "ui/common/opsapi.h"
#include "ui/jobs/jobdetailpane.h"
#include "ui/jobs/jobtablemodel.h"
#include "ui/jobs/progressdelegate.h"

namespace thetool::ui {

JobsView::JobsView(OpsApi &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_confirm([](QWidget *p, const QString &question) {
        return QMessageBox::question(p, tr("Confirm"), question) == QMessageBox::Yes;
    })
{
    m_model = new JobTableModel(api, this);

    m_status = new QComboBox(this);
    m_status->addItem(tr("All statuses"), QString());
    for (const QString &s : JobSummary::statuses())
        m_status->addItem(s, s);
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("All kinds"), QString());
    for (const QString &k : JobSummary::kinds())
        m_kind->addItem(k, k);
    m_searchField = new QComboBox(this);
    m_searchField->addItem(tr("Ticker"), QStringLiteral("ticker"));
    m_searchField->addItem(tr("Correlation id"), QStringLiteral("correlation_id"));
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search (Enter)"));
    m_search->setClearButtonEnabled(true);
    m_cancel = new QPushButton(tr("Cancel…"), this);
    m_retry = new QPushButton(tr("Retry…"), this);
    m_counts = new QLabel(this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_status);
    bar->addWidget(m_kind);
    bar->addWidget(m_searchField);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_cancel);
    bar->addWidget(m_retry);

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(JobTableModel::Progress, new ProgressDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    const QFontMetrics fm = m_table->fontMetrics();
    const int w = fm.horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(JobTableModel::Status, w * 10);
    header->resizeSection(JobTableModel::Kind, w * 8);
    header->resizeSection(JobTableModel::Tickers, w * 18);
    header->resizeSection(JobTableModel::Progress, w * 9);
    header->resizeSection(JobTableModel::Successful, w * 10);
    header->resizeSection(JobTableModel::Created, w * 14);
    header->resizeSection(JobTableModel::Duration, w * 8);

    m_detail = new JobDetailPane(api, this);
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *left = new QWidget(split);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(bar);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addWidget(m_counts);
    split->addWidget(left);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({840, 400});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_status, &QComboBox::currentIndexChanged, this, &JobsView::applyFilter);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &JobsView::applyFilter);
    connect(m_searchField, &QComboBox::currentIndexChanged, this, &JobsView::applyFilter);
    connect(m_search, &QLineEdit::returnPressed, this, &JobsView::applyFilter);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            applyFilter(); // the clear button shows everything again
    });
    connect(m_cancel, &QPushButton::clicked, this, &JobsView::cancelSelected);
    connect(m_retry, &QPushButton::clicked, this, &JobsView::retrySelected);
    connect(
        m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &JobsView::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            const JobSummary *job = m_model->job(current.row());
            m_detail->showJob(job ? job->jobId : QString());
        });
    connect(m_model, &JobTableModel::dataChanged, this, &JobsView::updateActions);
    connect(m_model, &JobTableModel::jobUpdated, this, [this](const QString &jobId) {
        if (jobId == m_detail->jobId())
            m_detail->refresh();
    });
    connect(m_model, &JobTableModel::countsChanged, this, &JobsView::updateCounts);
    connect(m_model, &JobTableModel::pageLoaded, this, &JobsView::updateCounts);
    connect(m_model, &JobTableModel::loadFailed, this,
        [this](const QString &message) { m_counts->setText(tr("Could not load jobs: %1").arg(message)); });
    // Running jobs' durations grow without any event: repaint that column once a second.
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        if (isVisible() && m_model->rowCount() > 0)
            Q_EMIT m_model->dataChanged(m_model->index(0, JobTableModel::Duration),
                m_model->index(m_model->rowCount() - 1, JobTableModel::Duration), {Qt::DisplayRole});
    });
    m_tick.start();
    updateActions();
    m_model->reload();
}

void JobsView::applyFilter()
{
    JobTableModel::Filter f;
    f.status = m_status->currentData().toString();
    f.kind = m_kind->currentData().toString();
    const QString text = m_search->text().trimmed();
    if (m_searchField->currentData().toString() == QLatin1String("ticker"))
        f.ticker = text.toUpper();
    else
        f.correlationId = text;
    m_model->setFilter(f);
}

void JobsView::refresh()
{
    m_model->reload();
    m_detail->refresh();
}

void JobsView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void JobsView::selectJob(const QString &jobId)
{
    const int row = m_model->rowOf(jobId);
    if (row < 0)
        return;
    m_table->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(m_model->index(row, 0));
}

QStringList JobsView::selectedJobIds(bool active) const
{
    QStringList ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        const JobSummary *job = m_model->job(index.row());
        if (job && job->isActive() == active)
            ids << job->jobId;
    }
    return ids;
}

void JobsView::updateActions()
{
    const int cancellable = int(selectedJobIds(true).size());
    const int retryable = int(selectedJobIds(false).size());
    m_cancel->setEnabled(cancellable > 0);
    m_retry->setEnabled(retryable > 0);
    m_cancel->setText(cancellable > 1 ? tr("Cancel %1…").arg(cancellable) : tr("Cancel…"));
    m_retry->setText(retryable > 1 ? tr("Retry %1…").arg(retryable) : tr("Retry…"));
}

void JobsView::updateCounts()
{
    const auto &c = m_model->counts();
    QStringList parts;
    for (const QString &s : JobSummary::statuses())
        parts << QStringLiteral("%1 %2").arg(c.value(s)).arg(s);
    m_counts->setText(tr("%1 shown%2 · %3")
                          .arg(m_model->rowCount())
                          .arg(m_model->hasMorePages() ? tr(" (more on scroll)") : QString())
                          .arg(parts.join(QLatin1String(", "))));
}

void JobsView::cancelSelected()
{
    const QStringList ids = selectedJobIds(true);
    if (ids.isEmpty())
        return;
    const QString question =
        ids.size() == 1 ? tr("Cancel job %1?").arg(ids.first()) : tr("Cancel %1 jobs?").arg(ids.size());
    if (!m_confirm(this, question))
        return;
    auto failures = std::make_shared<QStringList>();
    auto pending = std::make_shared<int>(int(ids.size()));
    for (const QString &id : ids) {
        m_api.post(QStringLiteral("/api/jobs/%1/cancel").arg(id), {}, this, [=, this](const ApiResult &r) {
            if (!r.ok)
                failures->append(QStringLiteral("%1: %2").arg(id, r.errorMessage));
            if (--*pending == 0) {
                m_model->refreshHead();
                Q_EMIT actionFinished(failures->isEmpty()
                        ? tr("Cancelled %1 job(s)").arg(ids.size())
                        : tr("Cancel failed for %1").arg(failures->join(QLatin1String("; "))));
            }
        });
    }
}

void JobsView::retrySelected()
{
    const QStringList ids = selectedJobIds(false);
    if (ids.isEmpty())
        return;
    const QString question = ids.size() == 1 ? tr("Retry job %1 as a new job?").arg(ids.first())
                                             : tr("Retry %1 jobs as new jobs?").arg(ids.size());
    if (!m_confirm(this, question))
        return;
    auto failures = std::make_shared<QStringList>();
    auto created = std::make_shared<QStringList>();
    auto pending = std::make_shared<int>(int(ids.size()));
    for (const QString &id : ids) {
        m_api.post(QStringLiteral("/api/jobs/%1/retry").arg(id), {}, this, [=, this](const ApiResult &r) {
            if (r.ok)
                created->append(r.body.value(QLatin1String("job_id")).toString());
            else
                failures->append(QStringLiteral("%1: %2").arg(id, r.errorMessage));
            if (--*pending == 0) {
                m_model->refreshHead();
                Q_EMIT actionFinished(failures->isEmpty()
                        ? tr("Retried as %1").arg(created->join(QLatin1String(", ")))
                        : tr("Retry failed for %1").arg(failures->join(QLatin1String("; "))));
            }
        });
    }
}

void JobsView::onJobEvent(const QString &type, const QString &jobId, const QJsonObject &payload)
{
    m_model->applyEvent(type, jobId, payload);
    if (type == QLatin1String("job.log"))
        m_detail->onLogEvent(jobId);
}

} // namespace thetool::ui
