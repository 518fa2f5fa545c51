#pragma once

#include "backend/security/scope.h"

namespace thetool::http {

// API key scopes nest: Admin ⊃ Analyze ⊃ Read (DESIGN.md "Security"); one enum for
// the route table and the key store.
using security::Scope;

// Who may call a route: anyone (public) or a key holding at least `scope`.
struct Access {
    bool isPublic = false;
    Scope scope = Scope::Read;

    static constexpr Access open() { return {true, Scope::Read}; }
    static constexpr Access needs(Scope s) { return {false, s}; }
};

} // namespace thetool::http
