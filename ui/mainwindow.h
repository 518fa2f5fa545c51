#pragma once

#include <QMainWindow>

class QLabel;

namespace thetool::ui {

class OperationsScreens;

// The console's top-level window. Screens are added as their issues land; until a
// server connection exists it says so plainly instead of showing empty widgets.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    QString connectionText() const;
    // Once connected: the dashboard, jobs and logs screens with their menus.
    void showOperations(OperationsScreens *screens);

private:
    QLabel *m_connectionLabel = nullptr;
};

} // namespace thetool::ui
