#pragma once

#include <QStringList>

namespace thetool::app {

// `thetool api-key create --name N [--scopes read,analyze] | list | revoke ID`
int runApiKey(const QStringList &args);

} // namespace thetool::app
