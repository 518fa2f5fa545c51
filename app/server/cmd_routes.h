#pragma once

#include <QStringList>

namespace thetool::app {

// `thetool routes [--json]`: the server's route table (method, path pattern, public or the
// scope it needs, body limit), built exactly as `thetool serve` builds it.
int runRoutes(const QStringList &args);

} // namespace thetool::app
