#pragma once

#include <QMainWindow>

class QLabel;

namespace thetool::ui {

// The console's top-level window. Screens are added as their issues land; until a
// server connection exists it says so plainly instead of showing empty widgets.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    QString connectionText() const;

private:
    QLabel *m_connectionLabel = nullptr;
};

} // namespace thetool::ui
