#include "ui/dashboard/dashboardview.h"

#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/common/qcustomplotinclude.h"

#include "ui/common/displayformat.h"
#include "ui/common/opsapi.h"
#include "ui/dashboard/historystore.h"

namespace thetool::ui {

DashboardView::DashboardView(OpsApi &api, std::unique_ptr<HistoryStore> history, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_history(std::move(history))
{
    auto *server = new QGroupBox(tr("Server"), this);
    auto *serverForm = new QFormLayout(server);
    for (const QString &name : {tr("Status"), tr("Uptime"), tr("Response time"), tr("Authentication"),
             tr("Version"), tr("Instance"), tr("Environment")})
        addField(serverForm, name);

    auto *storage = new QGroupBox(tr("Storage and cache"), this);
    auto *storageForm = new QFormLayout(storage);
    for (const QString &name : {tr("Database"), tr("Redis"), tr("Cache hit rate"), tr("Cache lookups")})
        addField(storageForm, name);

    auto *jobs = new QGroupBox(tr("Jobs"), this);
    auto *jobsForm = new QFormLayout(jobs);
    for (const QString &name : {tr("Queue depth"), tr("Oldest queued"), tr("Processing"), tr("Completed"),
             tr("Failed"), tr("Cancelled")})
        addField(jobsForm, name);

    auto *workers = new QGroupBox(tr("Workers"), this);
    auto *workersLayout = new QVBoxLayout(workers);
    m_workers = new QTableWidget(0, 4, workers);
    m_workers->setHorizontalHeaderLabels({tr("Worker"), tr("Status"), tr("Current job"), tr("Heartbeat")});
    m_workers->horizontalHeader()->setStretchLastSection(true);
    m_workers->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_workers->verticalHeader()->hide();
    m_workers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_workers->setSelectionMode(QAbstractItemView::NoSelection);
    m_workersNote = new QLabel(workers);
    m_workersNote->setWordWrap(true);
    workersLayout->addWidget(m_workers, 1);
    workersLayout->addWidget(m_workersNote);

    auto *left = new QGridLayout;
    left->addWidget(server, 0, 0, 1, 2);
    left->addWidget(storage, 1, 0);
    left->addWidget(jobs, 1, 1);
    left->addWidget(workers, 2, 0, 1, 2);
    left->setRowStretch(2, 1);

    auto *right = new QVBoxLayout;
    right->addWidget(addChart(tr("/health response time"), tr("ms")));
    right->addWidget(addChart(tr("Cache hit rate"), tr("%")));
    QCustomPlot *depth = addChart(tr("Queue depth"), tr("jobs"));
    QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed);
    whole->setTickStep(1.0); // jobs come whole
    whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    depth->yAxis->setTicker(whole);
    right->addWidget(depth);

    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 5);
    layout->addLayout(right, 6);
    styleCharts();
    redrawCharts();

    connect(&m_timer, &QTimer::timeout, this, &DashboardView::refresh);
    m_timer.setInterval(m_visibleMs);
    m_timer.start();
    refresh();
}

DashboardView::~DashboardView() = default;

QLabel *DashboardView::addField(QFormLayout *form, const QString &name)
{
    auto *value = new QLabel(display::missing(), this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(name, value);
    m_fields.insert(name, value);
    return value;
}

QCustomPlot *DashboardView::addChart(const QString &title, const QString &unit)
{
    auto *plot = new QCustomPlot(this);
    plot->setMinimumHeight(150);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title));
    plot->addGraph();
    QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
    ticker->setDateTimeFormat(QStringLiteral("HH:mm"));
    ticker->setDateTimeSpec(Qt::LocalTime);
    plot->xAxis->setTicker(ticker);
    plot->yAxis->setLabel(unit);
    // Said on the chart itself, so an empty chart is never mistaken for a flat zero.
    auto *empty = new QCPItemText(plot);
    empty->position->setType(QCPItemPosition::ptAxisRectRatio);
    empty->position->setCoords(0.5, 0.5);
    empty->setText(tr("no data from this server yet"));
    empty->setObjectName(QStringLiteral("emptyNote"));
    m_charts.append(plot);
    return plot;
}

void DashboardView::styleCharts()
{
    const QPalette p = palette();
    const QColor line = p.color(QPalette::Highlight);
    for (QCustomPlot *plot : std::as_const(m_charts)) {
        plot->setBackground(p.brush(QPalette::Base));
        for (QCPAxis *axis : {plot->xAxis, plot->yAxis}) {
            axis->setBasePen(QPen(p.color(QPalette::Text)));
            axis->setTickPen(QPen(p.color(QPalette::Text)));
            axis->setSubTickPen(QPen(p.color(QPalette::Text)));
            axis->setTickLabelColor(p.color(QPalette::Text));
            axis->setLabelColor(p.color(QPalette::Text));
            axis->grid()->setPen(QPen(p.color(QPalette::Mid), 0, Qt::DotLine));
        }
        if (auto *title = qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0)))
            title->setTextColor(p.color(QPalette::Text));
        if (auto *empty = qobject_cast<QCPItemText *>(plot->item(0)))
            empty->setColor(p.color(QPalette::PlaceholderText));
        plot->graph(0)->setPen(QPen(line, 1.5));
        QColor fill = line;
        fill.setAlpha(40);
        plot->graph(0)->setBrush(fill);
        plot->replot();
    }
}

void DashboardView::setIntervals(int visibleMs, int hiddenMs)
{
    m_visibleMs = visibleMs;
    m_hiddenMs = hiddenMs;
    adjustInterval();
}

void DashboardView::adjustInterval()
{
    const QWidget *top = window();
    const bool watched = isVisible() && top && !top->isMinimized();
    const int wanted = watched ? m_visibleMs : m_hiddenMs;
    if (m_timer.interval() != wanted)
        m_timer.setInterval(wanted);
}

void DashboardView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    const bool wasSlow = m_timer.interval() != m_visibleMs;
    adjustInterval();
    if (wasSlow)
        refresh(); // back in view: show fresh numbers at once
}

void DashboardView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    adjustInterval();
}

void DashboardView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        styleCharts();
}

void DashboardView::refresh()
{
    adjustInterval(); // minimising sends no hide event to children
    if (m_inFlight)
        return;
    m_inFlight = true;
    m_api.get(QStringLiteral("/health"), {}, this, [this](const ApiResult &r) {
        m_inFlight = false;
        // 503 still carries the health body (database down): show it, not "unreachable".
        const HealthSnapshot h = r.httpStatus > 0 && !r.body.isEmpty()
            ? HealthSnapshot::fromReply(r.body, double(r.elapsedMs))
            : HealthSnapshot::unreachable(r.errorMessage, double(r.elapsedMs));
        showHealth(h);
    });
    fetchWorkers();
}

void DashboardView::showHealth(const HealthSnapshot &h)
{
    m_latest = h;
    auto set = [this](const QString &name, const QString &text) {
        if (QLabel *label = m_fields.value(name))
            label->setText(text.isEmpty() ? display::missing() : text);
    };
    const QString state = h.state();
    set(tr("Status"),
        h.reachable ? (h.message.isEmpty() ? state : tr("%1 — %2").arg(state, h.message))
                    : tr("down — %1").arg(h.error));
    set(tr("Uptime"), h.uptimeSeconds ? display::duration(*h.uptimeSeconds) : QString());
    set(tr("Response time"), h.reachable ? QStringLiteral("%1 ms").arg(qRound(h.responseMs)) : QString());
    set(tr("Authentication"), h.authentication);
    set(tr("Version"), h.version);
    set(tr("Instance"), h.instance);
    set(tr("Environment"), h.environment);
    set(tr("Database"),
        h.databaseEngine.isEmpty() ? h.database : tr("%1 (%2)").arg(h.database, h.databaseEngine));
    set(tr("Redis"), h.redis);
    set(tr("Cache hit rate"),
        h.hitRate ? display::percent(*h.hitRate)
                  : (h.reachable && !h.cacheEnabled ? tr("— (no cache)") : QString()));
    set(tr("Cache lookups"),
        h.cacheHits && h.cacheMisses
            ? tr("%1 hits, %2 misses%3")
                  .arg(*h.cacheHits)
                  .arg(*h.cacheMisses)
                  .arg(h.cacheBackend.isEmpty() ? QString() : tr(" (%1)").arg(h.cacheBackend))
            : QString());
    const auto depth = h.queueDepth();
    set(tr("Queue depth"), depth ? QString::number(*depth) : QString());
    set(tr("Oldest queued"),
        h.oldestQueuedAgeSeconds ? display::duration(*h.oldestQueuedAgeSeconds)
                                 : (depth && *depth == 0 ? tr("— (queue empty)") : QString()));
    auto count = [&h](const char *status) {
        return h.jobsReported ? QString::number(h.jobCounts.value(QString::fromLatin1(status))) : QString();
    };
    set(tr("Processing"), count("processing"));
    set(tr("Completed"), count("completed"));
    set(tr("Failed"), count("failed"));
    set(tr("Cancelled"), count("cancelled"));

    if (h.reachable && m_history) {
        HistoryStore::Sample s;
        s.timeMs = QDateTime::currentMSecsSinceEpoch();
        s.responseMs = h.responseMs;
        s.hitRate = h.hitRate;
        s.queueDepth = depth;
        m_history->append(s);
        redrawCharts();
    }
    if (!m_lastState.isEmpty() && m_lastState != state)
        Q_EMIT healthStateChanged(m_lastState, state, h.reachable ? h.message : h.error);
    m_lastState = state;
    Q_EMIT updated();
}

void DashboardView::fetchWorkers()
{
    m_api.get(QStringLiteral("/api/workers"), {}, this, [this](const ApiResult &r) {
        if (!r.ok) {
            m_workersNote->setText(tr("Workers unavailable: %1").arg(r.errorMessage));
            return;
        }
        const QJsonArray workers = r.body.value(QLatin1String("workers")).toArray();
        m_workers->setRowCount(int(workers.size()));
        int row = 0;
        int alive = 0;
        for (const QJsonValue &v : workers) {
            const QJsonObject w = v.toObject();
            const bool isAlive = w.value(QLatin1String("alive")).toBool();
            alive += isAlive ? 1 : 0;
            const QJsonValue age = w.value(QLatin1String("heartbeat_age_seconds"));
            const QString job = w.value(QLatin1String("current_job_id")).toString();
            const QStringList cells {w.value(QLatin1String("worker_id")).toString(),
                w.value(QLatin1String("status")).toString() + (isAlive ? QString() : tr(" (silent)")),
                job.isEmpty() ? display::missing() : job.left(8),
                age.isDouble() ? display::age(age.toDouble()) : display::missing()};
            for (int c = 0; c < cells.size(); ++c)
                m_workers->setItem(row, c, new QTableWidgetItem(cells[c]));
            m_workers->item(row, 2)->setToolTip(job);
            ++row;
        }
        m_workersNote->setText(tr("%1 of %2 alive (heartbeat under 30 s)").arg(alive).arg(workers.size()));
    });
}

void DashboardView::redrawCharts()
{
    if (!m_history || m_charts.size() != 3)
        return;
    const QList<HistoryStore::Sample> samples = m_history->samples();
    QVector<double> t, response, hitT, hit, depthT, depth;
    for (const HistoryStore::Sample &s : samples) {
        const double x = double(s.timeMs) / 1000.0;
        t << x;
        response << s.responseMs;
        if (s.hitRate) {
            hitT << x;
            hit << *s.hitRate * 100.0;
        }
        if (s.queueDepth) {
            depthT << x;
            depth << double(*s.queueDepth);
        }
    }
    const QList<std::pair<QVector<double> *, QVector<double> *>> series {
        {&t, &response}, {&hitT, &hit}, {&depthT, &depth}};
    for (int i = 0; i < 3; ++i) {
        QCustomPlot *plot = m_charts[i];
        plot->graph(0)->setData(*series[i].first, *series[i].second, true);
        if (!t.isEmpty())
            plot->xAxis->setRange(t.first(), qMax(t.last(), t.first() + 60.0));
        bool found = false;
        QCPRange y = plot->graph(0)->data()->valueRange(found);
        if (auto *empty = qobject_cast<QCPItemText *>(plot->item(0)))
            empty->setVisible(!found);
        if (i == 1)
            y = QCPRange(0, 100);
        else if (!found)
            y = QCPRange(0, 1);
        else
            y = QCPRange(0, qMax(1.0, y.upper * 1.15));
        plot->yAxis->setRange(y);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

QString DashboardView::fieldText(const QString &name) const
{
    const QLabel *label = m_fields.value(name);
    return label ? label->text() : QString();
}

int DashboardView::workerRows() const
{
    return m_workers->rowCount();
}

int DashboardView::historySize() const
{
    return m_history ? int(m_history->samples().size()) : 0;
}

} // namespace thetool::ui
