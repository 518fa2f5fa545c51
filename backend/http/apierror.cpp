#include "backend/http/apierror.h"

#include <QJsonArray>
#include <QStringList>

namespace thetool::http {

ApiError::ApiError(int status, QString code, QString message, QJsonObject details)
    : m_status(status)
    , m_code(std::move(code))
    , m_message(std::move(message))
    , m_details(std::move(details))
    , m_what(QString(QString::number(m_status) + QLatin1Char(' ') + m_code + QStringLiteral(": ") + m_message)
                 .toUtf8())
{ }

ApiError &ApiError::withRetryAfter(int seconds)
{
    m_retryAfter = seconds;
    return *this;
}

ApiError ApiError::badRequest(const QString &message, QJsonObject details)
{
    return {400, QStringLiteral("BAD_REQUEST"), message, std::move(details)};
}

ApiError ApiError::notFound(const QString &message)
{
    return {404, QStringLiteral("NOT_FOUND"), message};
}

ApiError ApiError::methodNotAllowed(const QStringList &allowed)
{
    return {405, QStringLiteral("METHOD_NOT_ALLOWED"), QStringLiteral("Method not allowed"),
        QJsonObject {{QStringLiteral("allowed"), QJsonArray::fromStringList(allowed)}}};
}

ApiError ApiError::payloadTooLarge(quint64 limit)
{
    return {413, QStringLiteral("PAYLOAD_TOO_LARGE"), QStringLiteral("Request body too large"),
        QJsonObject {{QStringLiteral("limit_bytes"), static_cast<qint64>(limit)}}};
}

ApiError ApiError::headersTooLarge(quint64 limit)
{
    return {431, QStringLiteral("HEADER_TOO_LARGE"), QStringLiteral("Request header fields too large"),
        QJsonObject {{QStringLiteral("limit_bytes"), static_cast<qint64>(limit)}}};
}

ApiError ApiError::unsupportedMediaType(const QString &message)
{
    return {415, QStringLiteral("UNSUPPORTED_MEDIA_TYPE"), message};
}

ApiError ApiError::serviceUnavailable(const QString &message, int retryAfterSeconds)
{
    return ApiError(503, QStringLiteral("SERVICE_UNAVAILABLE"), message).withRetryAfter(retryAfterSeconds);
}

ApiError ApiError::internal(const QString &requestId)
{
    return {500, QStringLiteral("INTERNAL_ERROR"), QStringLiteral("Internal server error"),
        QJsonObject {{QStringLiteral("request_id"), requestId}}};
}

} // namespace thetool::http
