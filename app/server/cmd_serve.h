#pragma once

#include <QStringList>

namespace thetool::app {

// `thetool serve [--env-file FILE] [--embedded]`
int runServe(const QStringList &args);

} // namespace thetool::app
