#include "backend/security/scope.h"

namespace thetool::security {

QString scopeName(Scope scope)
{
    switch (scope) {
    case Scope::Read:
        return QStringLiteral("read");
    case Scope::Analyze:
        return QStringLiteral("analyze");
    case Scope::Admin:
        return QStringLiteral("admin");
    }
    return QStringLiteral("read");
}

bool parseScope(const QString &text, Scope *out)
{
    if (text == QLatin1String("read"))
        *out = Scope::Read;
    else if (text == QLatin1String("analyze"))
        *out = Scope::Analyze;
    else if (text == QLatin1String("admin"))
        *out = Scope::Admin;
    else
        return false;
    return true;
}

} // namespace thetool::security
