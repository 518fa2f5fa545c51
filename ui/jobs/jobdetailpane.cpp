#include "ui/jobs/jobdetailpane.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSet>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/common/displayformat.h"
#include "ui/common/jobsummary.h"
#include "ui/common/opsapi.h"

namespace thetool::ui {

JobDetailPane::JobDetailPane(OpsApi &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(tr("Select a job to see its detail"), this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_status = addField(form, tr("Status"));
    m_attempts = addField(form, tr("Attempts"));
    m_heartbeat = addField(form, tr("Heartbeat"));
    m_timeline = addField(form, tr("Timeline"));
    m_retry = addField(form, tr("Retry of"));
    m_error = addField(form, tr("Error"));
    layout->addLayout(form);

    auto *tabs = new QTabWidget(this);
    m_outcomes = new QTableWidget(0, 5, this);
    m_outcomes->setHorizontalHeaderLabels(
        {tr("Ticker"), tr("Status"), tr("Verdict"), tr("Score"), tr("Error")});
    m_outcomes->horizontalHeader()->setStretchLastSection(true);
    for (int column = 0; column < 4; ++column)
        m_outcomes->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_outcomes->verticalHeader()->hide();
    m_outcomes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tabs->addTab(m_outcomes, tr("Outcomes"));
    m_logs = new QPlainTextEdit(this);
    m_logs->setReadOnly(true);
    m_logs->setMaximumBlockCount(20000);
    m_logs->setLineWrapMode(QPlainTextEdit::NoWrap);
    tabs->addTab(m_logs, tr("Log"));
    m_config = new QPlainTextEdit(this);
    m_config->setReadOnly(true);
    tabs->addTab(m_config, tr("Input and config"));
    layout->addWidget(tabs, 1);

    // While a job runs its log follows every second (and at once on a job.log event).
    m_followTimer.setInterval(1000);
    connect(&m_followTimer, &QTimer::timeout, this, [this] {
        if (m_active)
            refresh();
        fetchLogs();
    });
}

QLabel *JobDetailPane::addField(QFormLayout *form, const QString &name)
{
    auto *value = new QLabel(display::missing(), this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(name, value);
    return value;
}

void JobDetailPane::showJob(const QString &jobId)
{
    if (jobId == m_jobId)
        return;
    m_jobId = jobId;
    ++m_generation;
    m_logAfter = 0;
    m_logs->clear();
    m_outcomes->setRowCount(0);
    m_config->clear();
    m_followTimer.stop();
    if (jobId.isEmpty()) {
        m_title->setText(tr("Select a job to see its detail"));
        for (QLabel *l : {m_status, m_attempts, m_heartbeat, m_timeline, m_retry, m_error})
            l->setText(display::missing());
        return;
    }
    m_title->setText(tr("Job %1").arg(jobId));
    m_active = true; // until its detail says otherwise
    refresh();
    fetchLogs();
    m_followTimer.start();
}

void JobDetailPane::refresh()
{
    if (m_jobId.isEmpty())
        return;
    const int generation = m_generation;
    m_api.get(QStringLiteral("/api/jobs/") + m_jobId, {}, this, [this, generation](const ApiResult &r) {
        if (generation != m_generation)
            return;
        if (!r.ok) {
            m_status->setText(r.errorMessage);
            return;
        }
        fill(r.body);
    });
}

void JobDetailPane::fill(const QJsonObject &o)
{
    const JobSummary job = JobSummary::fromJson(o);
    m_active = job.isActive();
    QString status = job.status;
    if (!job.currentTicker.isEmpty())
        status += tr(" — at %1").arg(job.currentTicker);
    status += tr(", %1 of %2 done, %3 successful (%4 %)")
                  .arg(job.completed)
                  .arg(job.total)
                  .arg(job.successful)
                  .arg(job.progress);
    m_status->setText(status);
    m_attempts->setText(tr("%1 of %2").arg(job.attempt).arg(o.value(QLatin1String("max_attempts")).toInt()));
    const QJsonValue heartbeatAge = o.value(QLatin1String("heartbeat_age_seconds"));
    const QString owner = o.value(QLatin1String("lease_owner")).toString();
    m_heartbeat->setText(heartbeatAge.isDouble()
            ? display::age(heartbeatAge.toDouble()) + (owner.isEmpty() ? QString() : tr(" (%1)").arg(owner))
            : display::missing());
    QStringList timeline {tr("created %1").arg(display::timestamp(job.createdAt))};
    if (job.startedAt.isValid())
        timeline << tr("started %1").arg(display::timestamp(job.startedAt));
    if (job.completedAt.isValid())
        timeline << tr("%1 %2").arg(job.status, display::timestamp(job.completedAt));
    if (job.durationSeconds)
        timeline << tr("took %1").arg(display::duration(*job.durationSeconds));
    m_timeline->setText(timeline.join(QStringLiteral(" \u2192 ")));
    m_retry->setText(job.retryOf.isEmpty() ? display::missing() : job.retryOf);
    m_error->setText(job.error.isEmpty() ? display::missing() : job.error);

    QJsonObject input = o.value(QLatin1String("config")).toObject();
    input.insert(QStringLiteral("tickers"), o.value(QLatin1String("tickers")));
    input.insert(QStringLiteral("kind"), job.kind);
    input.insert(QStringLiteral("correlation_id"), job.correlationId);
    input.insert(QStringLiteral("ticker_timeout_seconds"), o.value(QLatin1String("ticker_timeout_seconds")));
    input.insert(QStringLiteral("job_timeout_seconds"), o.value(QLatin1String("job_timeout_seconds")));
    const QString configText = QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Indented));
    if (m_config->toPlainText() != configText)
        m_config->setPlainText(configText);

    // Outcomes: the stored rows, then the errors of tickers without a row.
    const QJsonArray outcomes = o.value(QLatin1String("outcomes")).toArray();
    const QJsonArray errors = o.value(QLatin1String("errors")).toArray();
    m_outcomes->setRowCount(int(outcomes.size() + errors.size()));
    int row = 0;
    auto set = [this](int r, int c, const QString &text) {
        m_outcomes->setItem(r, c, new QTableWidgetItem(text));
    };
    for (const QJsonValue &v : outcomes) {
        const QJsonObject x = v.toObject();
        set(row, 0, x.value(QLatin1String("ticker")).toString());
        set(row, 1, x.value(QLatin1String("status")).toString());
        set(row, 2, x.value(QLatin1String("verdict")).toString());
        const QJsonValue score = x.value(QLatin1String("score"));
        set(row, 3, score.isDouble() ? QString::number(score.toDouble(), 'f', 2) : display::missing());
        set(row, 4, x.value(QLatin1String("error")).toString());
        ++row;
    }
    QSet<QString> withRow;
    for (const QJsonValue &v : outcomes)
        withRow.insert(v.toObject().value(QLatin1String("ticker")).toString());
    for (const QJsonValue &v : errors) {
        const QJsonObject x = v.toObject();
        if (withRow.contains(x.value(QLatin1String("ticker")).toString())) {
            m_outcomes->setRowCount(m_outcomes->rowCount() - 1);
            continue;
        }
        set(row, 0, x.value(QLatin1String("ticker")).toString());
        set(row, 1, tr("error"));
        set(row, 2, QString());
        set(row, 3, display::missing());
        set(row, 4, x.value(QLatin1String("error")).toString(x.value(QLatin1String("reason")).toString()));
        ++row;
    }
}

void JobDetailPane::onLogEvent(const QString &jobId)
{
    if (jobId == m_jobId)
        fetchLogs();
}

void JobDetailPane::fetchLogs()
{
    if (m_jobId.isEmpty() || m_logsInFlight)
        return;
    m_logsInFlight = true;
    const int generation = m_generation;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("after"), QString::number(m_logAfter));
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    m_api.get(
        QStringLiteral("/api/jobs/%1/logs").arg(m_jobId), q, this, [this, generation](const ApiResult &r) {
            m_logsInFlight = false;
            if (generation != m_generation || !r.ok)
                return;
            const QJsonArray lines = r.body.value(QLatin1String("lines")).toArray();
            QScrollBar *bar = m_logs->verticalScrollBar();
            const bool atEnd = bar->value() == bar->maximum();
            for (const QJsonValue &v : lines) {
                const QJsonObject line = v.toObject();
                const QDateTime t = display::parseTime(line.value(QLatin1String("time")));
                m_logs->appendPlainText(
                    QStringLiteral("%1  %2  %3")
                        .arg(t.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")),
                            line.value(QLatin1String("level")).toString().leftJustified(7),
                            line.value(QLatin1String("message")).toString()));
            }
            if (atEnd)
                bar->setValue(bar->maximum());
            m_logAfter = qMax(m_logAfter, r.body.value(QLatin1String("next_after")).toInteger());
            if (!m_active && lines.isEmpty())
                m_followTimer.stop(); // finished and drained: nothing more will come
        });
}

QString JobDetailPane::logText() const
{
    return m_logs->toPlainText();
}

int JobDetailPane::outcomeCount() const
{
    return m_outcomes->rowCount();
}

} // namespace thetool::ui
