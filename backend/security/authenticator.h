#pragma once

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "backend/security/scope.h"

namespace thetool::security {

// Turns a presented API key into a Principal. Implementations: the master key (here)
// and, later, keys stored hashed in the database. Runs on handler threads.
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    virtual std::optional<Principal> authenticate(const QString &presentedKey) = 0;
};

// SHA-256 of a key, the form keys are compared and stored in.
QByteArray hashApiKey(const QString &key);

// Compares SHA-256 digests in constant time, so neither the key's length nor its
// first differing byte shows in the timing.
class MasterKeyAuthenticator : public Authenticator
{
public:
    explicit MasterKeyAuthenticator(const QString &masterKey);
    std::optional<Principal> authenticate(const QString &presentedKey) override;

private:
    QByteArray m_masterHash; // empty: no master key configured, nothing matches
};

// Asks each authenticator in turn; the first that knows the key wins.
class ChainAuthenticator : public Authenticator
{
public:
    void add(std::shared_ptr<Authenticator> authenticator);
    std::optional<Principal> authenticate(const QString &presentedKey) override;

private:
    std::vector<std::shared_ptr<Authenticator>> m_chain;
};

// Constant-time equality of two byte strings of the same length.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace thetool::security
