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
    return {400, QStringLiteral("bad_request"), message, std::move(details)};
}

ApiError ApiError::notFound(const QString &message)
{
    return {404, QStringLiteral("not_found"), message};
}

ApiError ApiError::methodNotAllowed(const QStringList &allowed)
{
    return {405, QStringLiteral("method_not_allowed"), QStringLiteral("Method not allowed"),
        QJsonObject {{QStringLiteral("allowed"), QJsonArray::fromStringList(allowed)}}};
}

ApiError ApiError::payloadTooLarge(quint64 limit)
{
    return {413, QStringLiteral("payload_too_large"), QStringLiteral("Request body too large"),
        QJsonObject {{QStringLiteral("limit_bytes"), static_cast<qint64>(limit)}}};
}

ApiError ApiError::headersTooLarge(quint64 limit)
{
    return {431, QStringLiteral("header_too_large"), QStringLiteral("Request header fields too large"),
        QJsonObject {{QStringLiteral("limit_bytes"), static_cast<qint64>(limit)}}};
}

ApiError ApiError::unsupportedMediaType(const QString &message)
{
    return {415, QStringLiteral("unsupported_media_type"), message};
}

ApiError ApiError::serviceUnavailable(const QString &message, int retryAfterSeconds)
{
    return ApiError(503, QStringLiteral("service_unavailable"), message).withRetryAfter(retryAfterSeconds);
}

ApiError ApiError::internal(const QString &requestId)
{
    return {500, QStringLiteral("internal_error"), QStringLiteral("Internal server error"),
        QJsonObject {{QStringLiteral("request_id"), requestId}}};
}

} // namespace thetool::http
