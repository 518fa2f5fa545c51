#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "client/local/connectionprofile.h"
#include "client/local/localerror.h"

namespace thetool::client {

class SecretStore;
class Settings;

// The connection profiles: "Local (embedded)", always first and never removed, and any number
// of remote deployments. Names and URLs go to the Settings; keys only to the SecretStore.
class ProfileStore
{
public:
    ProfileStore(Settings &settings, SecretStore &secrets);

    QList<ConnectionProfile> profiles() const;
    std::optional<ConnectionProfile> find(const QString &name) const;

    LocalError add(const ConnectionProfile &profile, const QString &key);
    // Replaces `name` (which may be renamed); the key is kept when `key` is empty.
    LocalError update(
        const QString &name, const ConnectionProfile &profile, const std::optional<QString> &key);
    LocalError remove(const QString &name);

    QString key(const QString &name, LocalError *error = nullptr) const;

    // The profile used last, or the embedded one when that is gone.
    QString lastProfile() const;
    void setLastProfile(const QString &name);

private:
    LocalError validate(const ConnectionProfile &profile, const QString &replacing) const;

    Settings &m_settings;
    SecretStore &m_secrets;
};

} // namespace thetool::client
