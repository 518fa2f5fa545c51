#pragma once

#include <QStringList>

namespace thetool::app {

// `thetool db export FILE | import FILE | checksum [--json]`: the portable export of
// DatabaseExport, on the database of DATABASE_URL / DATA_PATH.
int runDb(const QStringList &args);

} // namespace thetool::app
