#include "backend/http/errormapper.h"

#include "backend/http/httplog.h"

#include <QDateTime>
#include <QJsonDocument>

#include <exception>

namespace thetool::http {

HttpResponse ErrorMapper::toResponse(const ApiError &error)
{
    QJsonObject inner {{QStringLiteral("code"), error.code()}, {QStringLiteral("message"), error.message()},
        {QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    if (!error.details().isEmpty())
        inner.insert(QStringLiteral("details"), error.details());
    HttpResponse response =
        HttpResponse::json(QJsonObject {{QStringLiteral("error"), inner}}, error.status());
    if (error.retryAfterSeconds())
        response.setHeader("Retry-After", QByteArray::number(*error.retryAfterSeconds()));
    if (error.status() == 405) {
        QByteArrayList allowed;
        const QJsonArray list = error.details().value(QStringLiteral("allowed")).toArray();
        for (const QJsonValue &method : list)
            allowed.append(method.toString().toLatin1());
        response.setHeader("Allow", allowed.join(", "));
    }
    return response;
}

HttpResponse ErrorMapper::fromCurrentException(const QString &requestId)
{
    try {
        throw;
    } catch (const ApiError &error) {
        return toResponse(error);
    } catch (const std::exception &error) {
        qCWarning(lcHttp).noquote() << "handler failed, request" << requestId << ":" << error.what();
    } catch (...) {
        qCWarning(lcHttp).noquote() << "handler failed, request" << requestId << ": unknown exception";
    }
    return toResponse(ApiError::internal(requestId));
}

void ErrorMapper::render(HttpResponse &response)
{
    if (!response.apiError)
        return;
    HttpResponse rendered = toResponse(*response.apiError);
    // Keep headers the handler set (e.g. WWW-Authenticate) unless the envelope sets them.
    for (const auto &[name, value] : response.headers) {
        if (!rendered.hasHeader(name))
            rendered.headers.append({name, value});
    }
    response = std::move(rendered);
}

} // namespace thetool::http
