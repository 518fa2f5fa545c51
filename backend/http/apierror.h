#pragma once

#include <QJsonObject>
#include <QString>

#include <exception>
#include <optional>

namespace thetool::http {

// The one error type of the HTTP layer. Handlers throw it (or return it through
// HttpResponse::error) and ErrorMapper turns it into the JSON envelope
// {"error": {"code", "message", "timestamp", "details"?}} with `status`.
class ApiError : public std::exception
{
public:
    ApiError(int status, QString code, QString message, QJsonObject details = {});

    int status() const { return m_status; }
    const QString &code() const { return m_code; }
    const QString &message() const { return m_message; }
    const QJsonObject &details() const { return m_details; }
    // Sent as Retry-After (429, 503).
    std::optional<int> retryAfterSeconds() const { return m_retryAfter; }
    ApiError &withRetryAfter(int seconds);

    const char *what() const noexcept override { return m_what.constData(); }

    static ApiError badRequest(const QString &message, QJsonObject details = {});
    static ApiError notFound(const QString &message = QStringLiteral("Not found"));
    static ApiError methodNotAllowed(const QStringList &allowed);
    static ApiError payloadTooLarge(quint64 limit);
    static ApiError headersTooLarge(quint64 limit);
    static ApiError unsupportedMediaType(const QString &message);
    static ApiError serviceUnavailable(const QString &message, int retryAfterSeconds);
    static ApiError internal(const QString &requestId);

private:
    int m_status;
    QString m_code;
    QString m_message;
    QJsonObject m_details;
    std::optional<int> m_retryAfter;
    QByteArray m_what;
};

} // namespace thetool::http
