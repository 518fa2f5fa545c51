#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace thetool::security {

// Compares in time that depends only on the lengths, never on where the bytes differ, so a
// caller cannot learn a prefix of `expected` by timing answers.
bool constantTimeEquals(QByteArrayView actual, QByteArrayView expected);

// The gate of POST /api/auth/verify-bulk-password (spec §2.8): a bcrypt hash from
// BULK_ANALYSIS_PASSWORD_HASH, checked with libcrypt's thread-safe crypt_rn (the hash is
// recomputed from the candidate and compared in constant time). Blocking (bcrypt is slow on
// purpose): call it on the handler pool. Thread-safe.
class BulkPassword
{
public:
    enum class Outcome {
        Authorized,
        Rejected, // wrong password
        NotConfigured, // no hash set
        Misconfigured, // the hash is not one crypt_rn can check
    };

    explicit BulkPassword(QString hash)
        : m_hash(std::move(hash))
    { }

    Outcome verify(const QString &password) const;

    // Whether `hash` has the shape of a bcrypt hash ($2a$, $2b$ or $2y$, cost 04..31, 53
    // characters of salt and digest); the configuration refuses anything else at start-up.
    static bool isBcryptHash(const QString &hash);
    // A new bcrypt hash of `password` at `cost` (4..31), or an empty array when libcrypt
    // cannot make one. For tests and operators.
    static QByteArray hash(const QByteArray &password, int cost = 12);

private:
    QString m_hash;
};

} // namespace thetool::security
