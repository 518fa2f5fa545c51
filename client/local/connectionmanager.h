#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

#include "client/local/localerror.h"

namespace thetool::client {

class EmbeddedServer;
class ProfileStore;

// Where the console's one ApiClient should point now. `url` is empty while there is nothing
// to talk to (the embedded server is starting, restarting or failed).
struct Endpoint {
    QString profileName;
    QUrl url;
    QString apiKey;
    bool embedded = false;

    bool isConnected() const { return !url.isEmpty(); }
};

// Chooses the active connection: a stored profile (remembered as the last one), or a
// transient one from the command line. Choosing the embedded profile starts the embedded
// server, and its address and key become the endpoint once it runs (again after a restart);
// choosing a remote one stops it.
class ConnectionManager : public QObject
{
    Q_OBJECT

public:
    ConnectionManager(ProfileStore &profiles, EmbeddedServer &embedded, QObject *parent = nullptr);

    LocalError activate(const QString &profileName);
    // `--url`: for this run only, never saved and never remembered as the last profile.
    void activateTransient(const QUrl &url, const QString &apiKey);

    Endpoint current() const { return m_current; }

Q_SIGNALS:
    void endpointChanged(const thetool::client::Endpoint &endpoint);

private:
    void onEmbeddedState();
    void setCurrent(const Endpoint &endpoint);

    ProfileStore &m_profiles;
    EmbeddedServer &m_embedded;
    Endpoint m_current;
};

} // namespace thetool::client
