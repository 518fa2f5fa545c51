#pragma once

#include <QByteArray>
#include <QList>
#include <QSettings>
#include <QString>

#include <memory>

namespace thetool::client {

struct ConnectionProfile;

// The console's settings behind one class over QSettings. Never holds a secret: API keys
// live in the SecretStore.
class Settings
{
public:
    Settings(); // the user's settings (organisation and application names of QCoreApplication)
    explicit Settings(const QString &iniFile); // an explicit file (tests, portable setups)

    QString fileName() const;
    void sync();

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);

    QString lastProfile() const;
    void setLastProfile(const QString &name);

    // The remote profiles (the embedded one is implied and never stored).
    QList<ConnectionProfile> remoteProfiles() const;
    void setRemoteProfiles(const QList<ConnectionProfile> &profiles);

    // A fixed port for the embedded server; 0 picks a free one on each start.
    quint16 embeddedPort() const;
    void setEmbeddedPort(quint16 port);

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace thetool::client
