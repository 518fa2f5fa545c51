#include "backend/http/httprequest.h"

#include "backend/http/apierror.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QUrl>
#include <QUrlQuery>

namespace thetool::http {

bool HttpRequest::setTarget(QByteArrayView target)
{
    if (target.isEmpty() || target.front() != '/')
        return false; // only origin-form targets; no proxy or asterisk forms
    const qsizetype mark = target.indexOf('?');
    path = QUrl::fromPercentEncoding(target.first(mark < 0 ? target.size() : mark).toByteArray());
    query.clear();
    if (mark >= 0) {
        QByteArray rawQuery = target.sliced(mark + 1).toByteArray();
        rawQuery.replace('+', "%20"); // form encoding: '+' is a space
        const QUrlQuery parsed(QString::fromUtf8(rawQuery));
        const auto items = parsed.queryItems(QUrl::FullyDecoded);
        for (const auto &[key, value] : items)
            query.append({key, value});
    }
    return true;
}

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
