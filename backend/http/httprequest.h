#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>

namespace thetool::http {

// One parsed HTTP request, free of Beast so handlers and policies compile fast.
struct HttpRequest {
    QByteArray method; // "GET", "POST", ...
    QString path; // percent-decoded, without the query
    QList<std::pair<QString, QString>> query; // decoded, in order
    QList<std::pair<QByteArray, QByteArray>> headers; // as received
    QByteArray body;
    QString peerAddress;
    QString requestId; // validated X-Request-ID or generated
    QHash<QString, QString> pathParams; // {name} segments of the route pattern
    QString routePattern; // the matched pattern, for logs
    int httpVersion = 11; // 10 or 11
    QString principal; // set by the Authenticator (key name)

    // Sets path and query from an origin-form request target ("/a%20b?x=1&y=+2"): the
    // path percent-decoded, the query form-decoded ('+' is a space). False for any
    // other form (empty, absolute, asterisk), leaving both untouched.
    bool setTarget(QByteArrayView target);
    // Case-insensitive; the first value, or an empty array.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // The first value of a query parameter, or `fallback`.
    QString queryValue(const QString &name, const QString &fallback = {}) const;
    bool hasQuery(const QString &name) const;
    QString pathParam(const QString &name) const { return pathParams.value(name); }
    // The body as a JSON object; throws ApiError 415 (not JSON) or 400 (malformed).
    QJsonObject jsonObject() const;
};

} // namespace thetool::http
