#pragma once

#include <QStyledItemDelegate>

namespace thetool::ui {

// Draws a job's progress (JobTableModel::ProgressRole) as a progress bar in its cell.
class ProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace thetool::ui
