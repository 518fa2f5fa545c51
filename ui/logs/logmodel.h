#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace thetool::ui {

// Server log records as the logs screen shows them, appended at the end and trimmed at the
// front past a cap, so a long follow session keeps a bounded memory.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Level, Logger, Correlation, Message, ColumnCount };

    struct Record {
        QDateTime time;
        QString level;
        QString logger;
        QString correlationId;
        QString jobId;
        QString message;
    };

    using QAbstractTableModel::QAbstractTableModel;

    void append(const QList<QJsonObject> &records);
    void clear();
    void setCap(int rows) { m_cap = rows; }
    const Record &record(int row) const { return m_records.at(row); }
    QString lineText(int row) const; // one record as a line of text (copy, export)

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Record> m_records;
    int m_cap = 50000;
};

} // namespace thetool::ui
