#pragma once

#include <QByteArray>
#include <QString>

namespace thetool::http {

// X-Request-ID: a client's id is kept when it is 1..64 characters of [A-Za-z0-9._:-]
// (safe in logs and headers); anything else is replaced by a generated UUID.
class RequestId
{
public:
    static constexpr int maxLength = 64;
    static bool isValid(QByteArrayView candidate);
    static QString generate();
    static QString acceptOrGenerate(QByteArrayView candidate);
};

} // namespace thetool::http
