#pragma once

#include <QString>

namespace thetool::client {

// The error value of the console's local services (settings, profiles, secrets): empty when
// the call succeeded, else a sentence the UI can show as it is.
struct LocalError {
    QString message;

    bool ok() const { return message.isEmpty(); }
    explicit operator bool() const { return !ok(); } // true when there is an error

    static LocalError make(const QString &text) { return LocalError {text}; }
};

} // namespace thetool::client
