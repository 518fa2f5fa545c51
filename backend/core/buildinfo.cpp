#include "backend/core/buildinfo.h"

#include "thetool_buildinfo.h"

namespace thetool::core {

QString version()
{
    return QStringLiteral(THETOOL_VERSION);
}

QString gitRevision()
{
    return QStringLiteral(THETOOL_GIT_REVISION);
}

QString versionWithRevision()
{
    return version() + QStringLiteral(" (rev ") + gitRevision() + QLatin1Char(')');
}

} // namespace thetool::core
