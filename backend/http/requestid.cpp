#include "backend/http/requestid.h"

#include <QUuid>

namespace thetool::http {

bool RequestId::isValid(QByteArrayView candidate)
{
    if (candidate.isEmpty() || candidate.size() > maxLength)
        return false;
    for (const char c : candidate) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
            || c == '_' || c == '-' || c == ':';
        if (!ok)
            return false;
    }
    return true;
}

QString RequestId::generate()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString RequestId::acceptOrGenerate(QByteArrayView candidate)
{
    return isValid(candidate) ? QString::fromLatin1(candidate) : generate();
}

} // namespace thetool::http
