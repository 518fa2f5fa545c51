#pragma once

#include <QStringList>

namespace thetool::app {

// `thetool cleanup [--dry-run] [--json] [--env-file FILE]`
int runCleanup(const QStringList &args);

} // namespace thetool::app
