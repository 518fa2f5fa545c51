#pragma once

#include <QNetworkAccessManager>
#include <QUrl>

#include "ui/common/opsapi.h"

namespace thetool::ui {

// OpsApi over QNetworkAccessManager: the key header on every call, a per-call timeout,
// no proxy for loopback addresses, errors mapped to ApiResult values in one place.
class HttpOpsApi : public OpsApi
{
    Q_OBJECT

public:
    HttpOpsApi(const QUrl &baseUrl, const QString &apiKey, QObject *parent = nullptr);

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void get(const QString &path, const QUrlQuery &query, const QObject *context, Callback done) override;
    void post(const QString &path, const QJsonObject &body, const QObject *context, Callback done) override;
    QString serverLabel() const override;

private:
    QNetworkRequest request(const QString &path, const QUrlQuery &query) const;
    void track(QNetworkReply *reply, const QObject *context, Callback done);

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QByteArray m_apiKey;
    int m_timeoutMs = 15000;
};

} // namespace thetool::ui
