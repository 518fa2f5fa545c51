#pragma once

#include <QHostAddress>
#include <QPair>
#include <QString>
#include <QStringList>

namespace thetool::security {

// Which address a request comes from, for rate limits and connection caps.
// X-Forwarded-For is believed only when the direct peer is a configured proxy; then
// the right-most address that is not itself a trusted proxy is the client.
class ClientAddressResolver
{
public:
    explicit ClientAddressResolver(const QStringList &trustedProxies);

    QString resolve(const QString &peerAddress, const QString &forwardedFor) const;
    bool isTrusted(const QHostAddress &address) const;

private:
    QList<QPair<QHostAddress, int>> m_subnets;
};

} // namespace thetool::security
