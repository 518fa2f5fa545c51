#pragma once

#include <QString>

namespace thetool::security {

// Scopes nest: admin ⊃ analyze ⊃ read (DESIGN.md "Security").
enum class Scope { Read = 0, Analyze = 1, Admin = 2 };

inline bool grants(Scope held, Scope needed)
{
    return static_cast<int>(held) >= static_cast<int>(needed);
}

QString scopeName(Scope scope); // "read", "analyze", "admin"
bool parseScope(const QString &text, Scope *out); // exact lower-case names

// Who made a request, once authenticated.
struct Principal {
    QString keyId; // "master" or the api_keys row id
    QString name; // for logs and audit; never the key itself
    Scope scope = Scope::Read;
};

} // namespace thetool::security
