#include "backend/security/authenticator.h"

#include <QCryptographicHash>

namespace thetool::security {

QByteArray hashApiKey(const QString &key)
{
    return QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256);
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

MasterKeyAuthenticator::MasterKeyAuthenticator(const QString &masterKey)
    : m_masterHash(masterKey.isEmpty() ? QByteArray() : hashApiKey(masterKey))
{ }

std::optional<Principal> MasterKeyAuthenticator::authenticate(const QString &presentedKey)
{
    if (m_masterHash.isEmpty() || presentedKey.isEmpty())
        return std::nullopt;
    if (!constantTimeEquals(hashApiKey(presentedKey), m_masterHash))
        return std::nullopt;
    return Principal {QStringLiteral("master"), QStringLiteral("master key"), Scope::Admin};
}

void ChainAuthenticator::add(std::shared_ptr<Authenticator> authenticator)
{
    m_chain.push_back(std::move(authenticator));
}

std::optional<Principal> ChainAuthenticator::authenticate(const QString &presentedKey)
{
    for (const auto &authenticator : m_chain) {
        if (auto principal = authenticator->authenticate(presentedKey))
            return principal;
    }
    return std::nullopt;
}

} // namespace thetool::security
