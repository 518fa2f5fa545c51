#include "ui/logs/logmodel.h"

#include <QColor>

#include "ui/common/displayformat.h"

namespace thetool::ui {

void LogModel::append(const QList<QJsonObject> &records)
{
    if (records.isEmpty())
        return;
    const int overflow = int(m_records.size() + records.size()) - m_cap;
    if (overflow > 0) {
        const int drop = qMin(overflow, int(m_records.size()));
        if (drop > 0) {
            beginRemoveRows({}, 0, drop - 1);
            m_records.remove(0, drop);
            endRemoveRows();
        }
    }
    beginInsertRows({}, int(m_records.size()), int(m_records.size() + records.size()) - 1);
    for (const QJsonObject &o : records) {
        Record r;
        r.time = display::parseTime(o.value(QLatin1String("timestamp")));
        r.level = o.value(QLatin1String("level")).toString();
        r.logger = o.value(QLatin1String("logger")).toString();
        r.correlationId = o.value(QLatin1String("correlation_id")).toString();
        r.jobId = o.value(QLatin1String("job_id")).toString();
        r.message = o.value(QLatin1String("message")).toString();
        m_records.append(std::move(r));
    }
    endInsertRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_records.clear();
    endResetModel();
}

QString LogModel::lineText(int row) const
{
    const Record &r = m_records.at(row);
    return QStringLiteral("%1 %2 %3%4 %5")
        .arg(r.time.toString(Qt::ISODateWithMs), r.level.toUpper(), r.logger,
            r.correlationId.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(r.correlationId), r.message);
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (index.row() < 0 || index.row() >= m_records.size())
        return {};
    const Record &r = m_records.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Level) {
        const QString level = r.level.toLower();
        if (level == QLatin1String("error") || level == QLatin1String("critical"))
            return QColor(0xc6, 0x28, 0x28);
        if (level == QLatin1String("warning"))
            return QColor(0xb2, 0x6a, 0x00);
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Message)
        return r.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return r.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case Level:
        return r.level;
    case Logger:
        return r.logger;
    case Correlation:
        return r.correlationId;
    case Message:
        return r.message;
    default:
        return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Level:
        return tr("Level");
    case Logger:
        return tr("Logger");
    case Correlation:
        return tr("Correlation id");
    case Message:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace thetool::ui
