#include "client/api/apiclienterror.h"

namespace thetool::client {

QString ApiClientError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Unauthorised:
        return QStringLiteral("Unauthorised");
    case Kind::Forbidden:
        return QStringLiteral("Forbidden");
    case Kind::NotFound:
        return QStringLiteral("Not found");
    case Kind::Conflict:
        return QStringLiteral("Conflict");
    case Kind::RateLimited:
        return QStringLiteral("Rate limited");
    case Kind::BadRequest:
        return QStringLiteral("Bad request");
    case Kind::Server:
        return QStringLiteral("Server error");
    case Kind::Network:
        return QStringLiteral("Network error");
    case Kind::Timeout:
        return QStringLiteral("Timeout");
    case Kind::BadResponse:
        return QStringLiteral("Bad response");
    case Kind::Cancelled:
        return QStringLiteral("Cancelled");
    }
    return QStringLiteral("Error");
}

ApiClientError::Kind ApiClientError::kindForStatus(int httpStatus)
{
    switch (httpStatus) {
    case 401:
        return Kind::Unauthorised;
    case 403:
        return Kind::Forbidden;
    case 404:
        return Kind::NotFound;
    case 409:
        return Kind::Conflict;
    case 429:
        return Kind::RateLimited;
    default:
        break;
    }
    if (httpStatus >= 500)
        return Kind::Server;
    if (httpStatus >= 400)
        return Kind::BadRequest;
    return Kind::BadResponse; // 1xx/3xx where a 2xx answer was expected
}

QString ApiClientError::toString() const
{
    QString head = kindName(kind);
    if (httpStatus > 0 || !code.isEmpty()) {
        QString inner = httpStatus > 0 ? QString::number(httpStatus) : QString();
        if (!code.isEmpty())
            inner += (inner.isEmpty() ? QString() : QStringLiteral(" ")) + code;
        head += QStringLiteral(" (") + inner + QLatin1Char(')');
    }
    return message.isEmpty() ? head : head + QStringLiteral(": ") + message;
}

} // namespace thetool::client
