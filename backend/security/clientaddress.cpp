#include "backend/security/clientaddress.h"

namespace thetool::security {

ClientAddressResolver::ClientAddressResolver(const QStringList &trustedProxies)
{
    for (const QString &entry : trustedProxies) {
        const auto subnet = QHostAddress::parseSubnet(entry);
        if (subnet.second >= 0) {
            m_subnets.append(subnet);
            continue;
        }
        const QHostAddress address(entry);
        if (!address.isNull())
            m_subnets.append({address, address.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32});
    }
}

bool ClientAddressResolver::isTrusted(const QHostAddress &address) const
{
    // IPv4-mapped IPv6 peers ("::ffff:10.0.0.1") must match IPv4 ranges.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    const QHostAddress normalised = isV4 ? QHostAddress(v4) : address;
    for (const auto &subnet : m_subnets) {
        if (normalised.isInSubnet(subnet))
            return true;
    }
    return false;
}

QString ClientAddressResolver::resolve(const QString &peerAddress, const QString &forwardedFor) const
{
    if (forwardedFor.isEmpty() || !isTrusted(QHostAddress(peerAddress)))
        return peerAddress;
    const QStringList hops = forwardedFor.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (auto it = hops.crbegin(); it != hops.crend(); ++it) {
        const QHostAddress hop(it->trimmed());
        if (hop.isNull())
            return peerAddress; // a forged or garbled header: fall back to what we saw
        if (!isTrusted(hop))
            return hop.toString();
    }
    return peerAddress;
}

} // namespace thetool::security
