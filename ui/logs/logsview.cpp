#include "ui/logs/logsview.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/common/opsapi.h"
#include "ui/logs/logmodel.h"

namespace thetool::ui {

LogsView::LogsView(OpsApi &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    m_model = new LogModel(this);
    m_level = new QComboBox(this);
    for (const char *level : {"debug", "info", "warning", "error"})
        m_level->addItem(QString::fromLatin1(level), QString::fromLatin1(level));
    m_level->setCurrentIndex(1);
    m_correlation = new QLineEdit(this);
    m_correlation->setPlaceholderText(tr("Correlation id (Enter)"));
    m_correlation->setClearButtonEnabled(true);
    m_follow = new QCheckBox(tr("Follow"), this);
    m_follow->setChecked(true);
    m_pause = new QPushButton(tr("Pause"), this);
    m_pause->setCheckable(true);
    auto *copy = new QPushButton(tr("Copy"), this);
    auto *exportButton = new QPushButton(tr("Export…"), this);
    m_state = new QLabel(this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Level"), this));
    bar->addWidget(m_level);
    bar->addWidget(m_correlation, 1);
    bar->addWidget(m_follow);
    bar->addWidget(m_pause);
    bar->addWidget(copy);
    bar->addWidget(exportButton);

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int w = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->horizontalHeader()->resizeSection(LogModel::Time, w * 14);
    m_table->horizontalHeader()->resizeSection(LogModel::Level, w * 9);
    m_table->horizontalHeader()->resizeSection(LogModel::Logger, w * 15);
    m_table->horizontalHeader()->resizeSection(LogModel::Correlation, w * 37);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_state);

    connect(m_level, &QComboBox::currentIndexChanged, this, &LogsView::refresh);
    connect(m_correlation, &QLineEdit::returnPressed, this, &LogsView::refresh);
    connect(m_correlation, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            refresh();
    });
    connect(m_pause, &QPushButton::toggled, this, &LogsView::setPaused);
    connect(copy, &QPushButton::clicked, this, &LogsView::copySelection);
    connect(exportButton, &QPushButton::clicked, this, &LogsView::exportWithDialog);
    connect(m_model, &LogModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_table->scrollToBottom();
    });
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &LogsView::poll);
    m_timer.start();
    poll();
}

void LogsView::setCorrelationFilter(const QString &id)
{
    m_correlation->setText(id);
    refresh();
}

void LogsView::setMinimumLevel(const QString &level)
{
    const int i = m_level->findData(level);
    if (i >= 0)
        m_level->setCurrentIndex(i); // refreshes through the signal when it changes
}

void LogsView::setPaused(bool paused)
{
    m_paused = paused;
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    if (!paused)
        poll();
}

void LogsView::refresh()
{
    ++m_generation;
    m_inFlight = false;
    m_after.clear();
    m_model->clear();
    poll();
}

void LogsView::focusFilter()
{
    m_correlation->setFocus(Qt::ShortcutFocusReason);
    m_correlation->selectAll();
}

void LogsView::poll()
{
    if (m_paused || m_inFlight)
        return;
    m_inFlight = true;
    QUrlQuery q;
    if (!m_after.isEmpty())
        q.addQueryItem(QStringLiteral("after"), m_after);
    q.addQueryItem(QStringLiteral("level"), m_level->currentData().toString());
    const QString correlation = m_correlation->text().trimmed();
    if (!correlation.isEmpty())
        q.addQueryItem(QStringLiteral("correlation_id"), correlation);
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    const int generation = m_generation;
    m_api.get(QStringLiteral("/api/logs"), q, this, [this, generation](const ApiResult &r) {
        if (generation != m_generation)
            return;
        m_inFlight = false;
        if (!r.ok) {
            if (r.errorCode == QLatin1String("FOREIGN_CURSOR")) {
                // Another instance answered, or the server restarted: its ring starts anew.
                m_after.clear();
                m_state->setText(
                    tr("The server restarted or another instance answered; following it from its start"));
                QTimer::singleShot(0, this, &LogsView::poll);
            } else {
                m_state->setText(tr("Could not read the log: %1").arg(r.errorMessage));
            }
            return;
        }
        QList<QJsonObject> records;
        for (const QJsonValue &v : r.body.value(QLatin1String("records")).toArray())
            records.append(v.toObject());
        m_model->append(records);
        const QString next = r.body.value(QLatin1String("next_after")).toString();
        if (!next.isEmpty())
            m_after = next;
        m_instance = r.body.value(QLatin1String("instance")).toString();
        m_dropped = r.body.value(QLatin1String("dropped")).toInteger();
        m_state->setText(
            tr("%1 lines from %2%3")
                .arg(m_model->rowCount())
                .arg(m_instance)
                .arg(m_dropped > 0 ? tr(" · %1 dropped by the server").arg(m_dropped) : QString()));
        if (r.body.value(QLatin1String("has_more")).toBool())
            QTimer::singleShot(0, this, &LogsView::poll);
    });
}

void LogsView::copySelection() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (const QModelIndex &index : std::as_const(rows))
        lines << m_model->lineText(index.row());
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

bool LogsView::exportTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = file.errorString();
        return false;
    }
    for (int row = 0; row < m_model->rowCount(); ++row)
        file.write(m_model->lineText(row).toUtf8() + '\n');
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void LogsView::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export log"), QStringLiteral("thetool-log.txt"), tr("Text files (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export log"), tr("Could not write %1: %2").arg(path, error));
}

} // namespace thetool::ui
