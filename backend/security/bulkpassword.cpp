#include "backend/security/bulkpassword.h"

#include <QRegularExpression>

#include <crypt.h>

#include <memory>

namespace thetool::security {

bool constantTimeEquals(QByteArrayView actual, QByteArrayView expected)
{
    // Every byte of `expected` is visited whatever `actual` holds; a length mismatch is
    // folded into the result instead of returning early.
    unsigned char difference = actual.size() == expected.size() ? 0 : 1;
    const qsizetype n = expected.size();
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char a = i < actual.size() ? static_cast<unsigned char>(actual[i]) : 0;
        difference |= static_cast<unsigned char>(a ^ static_cast<unsigned char>(expected[i]));
    }
    return difference == 0;
}

bool BulkPassword::isBcryptHash(const QString &hash)
{
    static const QRegularExpression shape(
        QStringLiteral("^\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}$"));
    return shape.match(hash).hasMatch();
}

BulkPassword::Outcome BulkPassword::verify(const QString &password) const
{
    if (m_hash.isEmpty())
        return Outcome::NotConfigured;
    if (!isBcryptHash(m_hash))
        return Outcome::Misconfigured;
    const QByteArray phrase = password.toUtf8();
    if (phrase.contains('\0'))
        return Outcome::Rejected; // crypt_rn reads a C string: it could only check a prefix
    const QByteArray setting = m_hash.toLatin1();
    // crypt_data is large (tens of KiB): on the heap, zeroed as crypt_rn expects.
    auto data = std::make_unique<crypt_data>();
    const char *computed = crypt_rn(phrase.constData(), setting.constData(), data.get(), sizeof(crypt_data));
    if (!computed || computed[0] == '*')
        return Outcome::Misconfigured;
    return constantTimeEquals(QByteArrayView(computed), setting) ? Outcome::Authorized : Outcome::Rejected;
}

QByteArray BulkPassword::hash(const QByteArray &password, int cost)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), nullptr, 0, salt, sizeof salt))
        return {};
    auto data = std::make_unique<crypt_data>();
    const char *computed = crypt_rn(password.constData(), salt, data.get(), sizeof(crypt_data));
    if (!computed || computed[0] == '*')
        return {};
    return QByteArray(computed);
}

} // namespace thetool::security
