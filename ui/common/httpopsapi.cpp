#include "ui/common/httpopsapi.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkProxy>
#include <QNetworkReply>

#include <memory>

namespace thetool::ui {

namespace {

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

HttpOpsApi::HttpOpsApi(const QUrl &baseUrl, const QString &apiKey, QObject *parent)
    : OpsApi(parent)
    , m_baseUrl(baseUrl)
    , m_apiKey(apiKey.toUtf8())
{
    // A system proxy must not see traffic to the embedded server on 127.0.0.1.
    if (isLoopback(baseUrl))
        m_network.setProxy(QNetworkProxy::NoProxy);
}

QString HttpOpsApi::serverLabel() const
{
    return m_baseUrl.port() > 0 ? m_baseUrl.host() + QLatin1Char(':') + QString::number(m_baseUrl.port())
                                : m_baseUrl.host();
}

QNetworkRequest HttpOpsApi::request(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (!m_apiKey.isEmpty())
        request.setRawHeader("X-API-Key", m_apiKey);
    return request;
}

void HttpOpsApi::get(const QString &path, const QUrlQuery &query, const QObject *context, Callback done)
{
    track(m_network.get(request(path, query)), context, std::move(done));
}

void HttpOpsApi::post(const QString &path, const QJsonObject &body, const QObject *context, Callback done)
{
    QNetworkRequest r = request(path, {});
    r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    track(m_network.post(r, QJsonDocument(body).toJson(QJsonDocument::Compact)), context, std::move(done));
}

void HttpOpsApi::track(QNetworkReply *reply, const QObject *context, Callback done)
{
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    // The reply belongs to the manager; a context that goes away first just drops the answer.
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    connect(reply, &QNetworkReply::finished, context, [reply, timer, done = std::move(done)] {
        ApiResult result;
        result.elapsedMs = timer->elapsed();
        result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray bytes = reply->readAll();
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
        if (document.isObject())
            result.body = document.object();
        if (result.httpStatus == 0) {
            const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
                || reply->error() == QNetworkReply::TimeoutError;
            result.errorCode = timedOut ? QStringLiteral("TIMEOUT") : QStringLiteral("NETWORK_ERROR");
            result.errorMessage = timedOut
                ? QObject::tr("%1 did not answer in time").arg(reply->url().authority())
                : QObject::tr("cannot reach %1: %2").arg(reply->url().authority(), reply->errorString());
        } else if (result.httpStatus >= 400) {
            const QJsonObject error = result.body.value(QLatin1String("error")).toObject();
            result.errorCode = error.value(QLatin1String("code")).toString(QStringLiteral("HTTP_ERROR"));
            result.errorMessage =
                error.value(QLatin1String("message")).toString(QObject::tr("HTTP %1").arg(result.httpStatus));
        } else if (!document.isObject()) {
            result.errorCode = QStringLiteral("BAD_JSON");
            result.errorMessage = QObject::tr("the server answered something that is not a JSON object");
        } else {
            result.ok = true;
        }
        // /health answers 503 with a full body when the database is down: the dashboard
        // still wants that body, so it is kept even on errors.
        done(result);
    });
}

} // namespace thetool::ui
