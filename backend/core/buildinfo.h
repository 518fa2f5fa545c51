#pragma once

#include <QString>

namespace thetool::core {

// The one version of this build: CMake's project version plus the git revision.
QString version();
QString gitRevision();
// "0.1.0 (rev 1a2b3c4d5e6f)": what --version, /health and the packages show.
QString versionWithRevision();

} // namespace thetool::core
