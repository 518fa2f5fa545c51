#include "ui/common/clientopsapi.h"

#include <QJsonDocument>

#include "client/api/apiclient.h"

namespace thetool::ui {

ClientOpsApi::ClientOpsApi(client::ApiClient &client, QObject *parent)
    : OpsApi(parent)
    , m_client(client)
{ }

QString ClientOpsApi::serverLabel() const
{
    return m_client.address();
}

void ClientOpsApi::get(const QString &path, const QUrlQuery &query, QObject *context, Callback done)
{
    send("GET", path, query, QJsonDocument(), context, std::move(done));
}

void ClientOpsApi::post(const QString &path, const QJsonObject &body, QObject *context, Callback done)
{
    send("POST", path, {}, QJsonDocument(body), context, std::move(done));
}

void ClientOpsApi::send(const QByteArray &method, const QString &path, const QUrlQuery &query,
    const QJsonDocument &body, QObject *context, Callback done)
{
    m_client.requestJson(method, path, query, body, context,
        [done = std::move(done)](const client::ApiResult<QJsonDocument> &r) {
            ApiResult result;
            result.elapsedMs = r.elapsedMs();
            if (r.ok()) {
                result.httpStatus = 200;
                if (r.value().isObject()) {
                    result.ok = true;
                    result.body = r.value().object();
                } else {
                    result.errorCode = QStringLiteral("BAD_JSON");
                    result.errorMessage =
                        QObject::tr("the server answered something that is not a JSON object");
                }
            } else {
                const client::ApiClientError &e = r.error();
                result.httpStatus = e.httpStatus;
                result.errorCode = e.code.isEmpty() ? client::ApiClientError::kindName(e.kind) : e.code;
                result.errorMessage = e.message;
            }
            done(result);
        });
}

} // namespace thetool::ui
