#include "client/local/profilestore.h"

#include <algorithm>

#include "client/local/secretstore.h"
#include "client/local/settings.h"

namespace thetool::client {

ProfileStore::ProfileStore(Settings &settings, SecretStore &secrets)
    : m_settings(settings)
    , m_secrets(secrets)
{ }

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QList<ConnectionProfile> all {ConnectionProfile::embeddedProfile()};
    all += m_settings.remoteProfiles();
    return all;
}

std::optional<ConnectionProfile> ProfileStore::find(const QString &name) const
{
    for (const ConnectionProfile &profile : profiles()) {
        if (profile.name == name)
            return profile;
    }
    return std::nullopt;
}

LocalError ProfileStore::validate(const ConnectionProfile &profile, const QString &replacing) const
{
    const QString name = profile.name.trimmed();
    if (name.isEmpty())
        return LocalError::make(QStringLiteral("Give the connection a name"));
    if (name != profile.name)
        return LocalError::make(QStringLiteral("The name must not start or end with spaces"));
    if (profile.embedded)
        return LocalError::make(QStringLiteral("There is only one embedded server"));
    if (name != replacing && find(name))
        return LocalError::make(QStringLiteral("A connection named '%1' exists already").arg(name));
    if (const QString problem = ConnectionProfile::urlProblem(profile.url); !problem.isEmpty())
        return LocalError::make(problem);
    return {};
}

LocalError ProfileStore::add(const ConnectionProfile &profile, const QString &key)
{
    if (LocalError error = validate(profile, {}))
        return error;
    if (!key.isEmpty()) {
        if (LocalError error = m_secrets.write(profile.name, key))
            return error;
    }
    QList<ConnectionProfile> remote = m_settings.remoteProfiles();
    remote.append(profile);
    m_settings.setRemoteProfiles(remote);
    m_settings.sync();
    return {};
}

LocalError ProfileStore::update(
    const QString &name, const ConnectionProfile &profile, const std::optional<QString> &key)
{
    QList<ConnectionProfile> remote = m_settings.remoteProfiles();
    const auto it = std::find_if(
        remote.begin(), remote.end(), [&name](const ConnectionProfile &p) { return p.name == name; });
    if (it == remote.end())
        return LocalError::make(name == ConnectionProfile::embeddedName()
                ? QStringLiteral("The embedded server's connection cannot be edited")
                : QStringLiteral("There is no connection named '%1'").arg(name));
    if (LocalError error = validate(profile, name))
        return error;
    QString newKey;
    if (key) {
        newKey = *key;
    } else {
        LocalError error;
        newKey = m_secrets.read(name, &error);
        if (error)
            return error;
    }
    if (!newKey.isEmpty()) {
        if (LocalError error = m_secrets.write(profile.name, newKey))
            return error;
    } else if (LocalError error = m_secrets.remove(profile.name)) {
        return error;
    }
    if (profile.name != name) {
        if (LocalError error = m_secrets.remove(name))
            return error;
        if (m_settings.lastProfile() == name)
            m_settings.setLastProfile(profile.name);
    }
    *it = profile;
    m_settings.setRemoteProfiles(remote);
    m_settings.sync();
    return {};
}

LocalError ProfileStore::remove(const QString &name)
{
    if (name == ConnectionProfile::embeddedName())
        return LocalError::make(QStringLiteral("The embedded server's connection cannot be removed"));
    QList<ConnectionProfile> remote = m_settings.remoteProfiles();
    const qsizetype before = remote.size();
    remote.removeIf([&name](const ConnectionProfile &p) { return p.name == name; });
    if (remote.size() == before)
        return LocalError::make(QStringLiteral("There is no connection named '%1'").arg(name));
    if (LocalError error = m_secrets.remove(name))
        return error;
    m_settings.setRemoteProfiles(remote);
    if (m_settings.lastProfile() == name)
        m_settings.setLastProfile(ConnectionProfile::embeddedName());
    m_settings.sync();
    return {};
}

QString ProfileStore::key(const QString &name, LocalError *error) const
{
    return m_secrets.read(name, error);
}

QString ProfileStore::lastProfile() const
{
    const QString name = m_settings.lastProfile();
    return find(name) ? name : ConnectionProfile::embeddedName();
}

void ProfileStore::setLastProfile(const QString &name)
{
    m_settings.setLastProfile(name);
    m_settings.sync();
}

} // namespace thetool::client
