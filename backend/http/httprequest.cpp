#include "backend/http/httprequest.h"

#include "backend/http/apierror.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace thetool::http {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &entry : headers) {
        if (entry.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString HttpRequest::queryValue(const QString &name, const QString &fallback) const
{
    for (const auto &[key, value] : query) {
        if (key == name)
            return value;
    }
    return fallback;
}

bool HttpRequest::hasQuery(const QString &name) const
{
    for (const auto &entry : query) {
        if (entry.first == name)
            return true;
    }
    return false;
}

QJsonObject HttpRequest::jsonObject() const
{
    const QByteArray type = header("Content-Type").trimmed().toLower();
    if (!type.isEmpty() && !type.startsWith("application/json"))
        throw ApiError::unsupportedMediaType(QStringLiteral("Expected Content-Type: application/json"));
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        throw ApiError::badRequest(QStringLiteral("Malformed JSON body"),
            QJsonObject {
                {QStringLiteral("offset"), error.offset}, {QStringLiteral("reason"), error.errorString()}});
    if (!doc.isObject())
        throw ApiError::badRequest(QStringLiteral("JSON body must be an object"));
    return doc.object();
}

} // namespace thetool::http
