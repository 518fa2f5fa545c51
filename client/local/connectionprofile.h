#pragma once

#include <QString>
#include <QUrl>

namespace thetool::client {

// A server the console can talk to: the embedded one, or a remote deployment. The API key
// is not part of it: it lives in the SecretStore under the profile's name.
struct ConnectionProfile {
    QString name;
    QUrl url; // empty for the embedded server (its address is known only once it runs)
    bool embedded = false;

    static QString embeddedName(); // "Local (embedded)"
    static ConnectionProfile embeddedProfile();

    // Plain http:// to a host that is not this machine: keys and data cross the network
    // unencrypted, and the UI warns.
    bool isInsecureRemote() const;
    static bool isLoopbackHost(const QString &host);
    // Why `url` cannot be used for a remote profile; empty when it can.
    static QString urlProblem(const QUrl &url);
};

} // namespace thetool::client
