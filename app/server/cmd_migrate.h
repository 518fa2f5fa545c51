#pragma once

#include <QStringList>

namespace thetool::app {

// `thetool migrate [--status]`: applies the bundled migrations, or shows bundled versus applied.
int runMigrate(const QStringList &args);

} // namespace thetool::app
