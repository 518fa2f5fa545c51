#pragma once

#include "ui/common/opsapi.h"

namespace thetool::client {
class ApiClient;
}

namespace thetool::ui {

// OpsApi over the console's one client (client::ApiClient::requestJson): the screens get
// its transport, timeouts, key handling and error mapping unchanged.
class ClientOpsApi : public OpsApi
{
    Q_OBJECT

public:
    explicit ClientOpsApi(client::ApiClient &client, QObject *parent = nullptr);

    void get(const QString &path, const QUrlQuery &query, QObject *context, Callback done) override;
    void post(const QString &path, const QJsonObject &body, QObject *context, Callback done) override;
    QString serverLabel() const override;

private:
    void send(const QByteArray &method, const QString &path, const QUrlQuery &query,
        const QJsonDocument &body, QObject *context, Callback done);

    client::ApiClient &m_client;
};

} // namespace thetool::ui
