#pragma once

#include "backend/http/apierror.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <memory>
#include <optional>
#include <utility>

namespace thetool::http {

class EventStream;

// What a handler answers. Free of Beast; the session turns it into bytes.
struct HttpResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // Set by HttpResponse::error(): the pipeline's error mapping renders it, so errors
    // returned and errors thrown end in the same envelope.
    std::optional<ApiError> apiError;
    // Set for a text/event-stream answer: the session writes the header (no length; chunked
    // on HTTP/1.1, close-delimited on 1.0), then whatever is pushed into the stream, until
    // either side ends it. Ignored (the stream is disconnected) for HEAD and non-200 answers.
    std::shared_ptr<EventStream> eventStream;

    // Replaces an existing header of the same name (case-insensitive).
    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;

    static HttpResponse json(const QJsonObject &object, int status = 200);
    static HttpResponse json(const QJsonArray &array, int status = 200);
    static HttpResponse text(const QByteArray &body, int status = 200,
        const QByteArray &contentType = "text/plain; charset=utf-8");
    static HttpResponse noContent();
    static HttpResponse error(ApiError error);
};

} // namespace thetool::http
