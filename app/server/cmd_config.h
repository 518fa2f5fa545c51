#pragma once

#include <QStringList>

namespace thetool::app {

// `thetool config [--check] [--env-file FILE] [--markdown]`
int runConfig(const QStringList &args);

} // namespace thetool::app
