#include "client/local/connectionprofile.h"

#include <QHostAddress>

namespace thetool::client {

QString ConnectionProfile::embeddedName()
{
    return QStringLiteral("Local (embedded)");
}

ConnectionProfile ConnectionProfile::embeddedProfile()
{
    return ConnectionProfile {embeddedName(), QUrl(), true};
}

bool ConnectionProfile::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
        || host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool ConnectionProfile::isInsecureRemote() const
{
    return !embedded && url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0
        && !isLoopbackHost(url.host());
}

QString ConnectionProfile::urlProblem(const QUrl &url)
{
    if (!url.isValid() || url.isEmpty())
        return QStringLiteral("Enter the server's address, such as https://thetool.example.com");
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QStringLiteral("The address must start with http:// or https://");
    if (url.host().isEmpty())
        return QStringLiteral("The address has no host name");
    return {};
}

} // namespace thetool::client
