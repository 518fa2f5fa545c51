#include "client/local/settings.h"

#include "client/local/connectionprofile.h"

namespace thetool::client {

namespace {

const QString geometryKey = QStringLiteral("window/geometry");
const QString stateKey = QStringLiteral("window/state");
const QString lastProfileKey = QStringLiteral("connection/lastProfile");
const QString profilesKey = QStringLiteral("profiles");
const QString embeddedPortKey = QStringLiteral("embedded/port");

} // namespace

Settings::Settings()
    : m_settings(std::make_unique<QSettings>())
{ }

Settings::Settings(const QString &iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{ }

QString Settings::fileName() const
{
    return m_settings->fileName();
}

void Settings::sync()
{
    m_settings->sync();
}

QByteArray Settings::windowGeometry() const
{
    return m_settings->value(geometryKey).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings->setValue(geometryKey, geometry);
}

QByteArray Settings::windowState() const
{
    return m_settings->value(stateKey).toByteArray();
}

void Settings::setWindowState(const QByteArray &state)
{
    m_settings->setValue(stateKey, state);
}

QString Settings::lastProfile() const
{
    return m_settings->value(lastProfileKey).toString();
}

void Settings::setLastProfile(const QString &name)
{
    m_settings->setValue(lastProfileKey, name);
}

QList<ConnectionProfile> Settings::remoteProfiles() const
{
    QList<ConnectionProfile> profiles;
    const int count = m_settings->beginReadArray(profilesKey);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        ConnectionProfile profile;
        profile.name = m_settings->value(QStringLiteral("name")).toString();
        profile.url = QUrl(m_settings->value(QStringLiteral("url")).toString());
        if (!profile.name.isEmpty())
            profiles.append(profile);
    }
    m_settings->endArray();
    return profiles;
}

void Settings::setRemoteProfiles(const QList<ConnectionProfile> &profiles)
{
    m_settings->remove(profilesKey);
    m_settings->beginWriteArray(profilesKey, static_cast<int>(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), profiles.at(i).name);
        m_settings->setValue(QStringLiteral("url"), profiles.at(i).url.toString());
    }
    m_settings->endArray();
}

quint16 Settings::embeddedPort() const
{
    const int port = m_settings->value(embeddedPortKey, 0).toInt();
    return port > 0 && port < 65536 ? static_cast<quint16>(port) : 0;
}

void Settings::setEmbeddedPort(quint16 port)
{
    m_settings->setValue(embeddedPortKey, port);
}

} // namespace thetool::client
