#include "client/local/connectionmanager.h"

#include "client/local/connectionprofile.h"
#include "client/local/embeddedserver.h"
#include "client/local/profilestore.h"

namespace thetool::client {

ConnectionManager::ConnectionManager(ProfileStore &profiles, EmbeddedServer &embedded, QObject *parent)
    : QObject(parent)
    , m_profiles(profiles)
    , m_embedded(embedded)
{
    connect(&m_embedded, &EmbeddedServer::stateChanged, this, &ConnectionManager::onEmbeddedState);
}

LocalError ConnectionManager::activate(const QString &profileName)
{
    const std::optional<ConnectionProfile> profile = m_profiles.find(profileName);
    if (!profile)
        return LocalError::make(QStringLiteral("There is no connection named '%1'").arg(profileName));
    Endpoint endpoint;
    endpoint.profileName = profile->name;
    endpoint.embedded = profile->embedded;
    if (profile->embedded) {
        m_profiles.setLastProfile(profile->name);
        m_current = endpoint; // the address follows once the server runs
        if (m_embedded.state() == EmbeddedServer::State::Running)
            onEmbeddedState();
        else
            m_embedded.start();
        Q_EMIT endpointChanged(m_current);
        return {};
    }
    LocalError error;
    endpoint.apiKey = m_profiles.key(profile->name, &error);
    if (error)
        return error;
    endpoint.url = profile->url;
    m_profiles.setLastProfile(profile->name);
    m_embedded.stop();
    setCurrent(endpoint);
    return {};
}

void ConnectionManager::activateTransient(const QUrl &url, const QString &apiKey)
{
    m_embedded.stop();
    setCurrent(Endpoint {url.toString(QUrl::RemoveUserInfo), url, apiKey, false});
}

void ConnectionManager::onEmbeddedState()
{
    if (!m_current.embedded)
        return;
    Endpoint endpoint = m_current;
    endpoint.url = m_embedded.url();
    endpoint.apiKey = m_embedded.apiKey();
    setCurrent(endpoint);
}

void ConnectionManager::setCurrent(const Endpoint &endpoint)
{
    const bool changed = endpoint.profileName != m_current.profileName || endpoint.url != m_current.url
        || endpoint.apiKey != m_current.apiKey || endpoint.embedded != m_current.embedded;
    m_current = endpoint;
    if (changed)
        Q_EMIT endpointChanged(m_current);
}

} // namespace thetool::client
