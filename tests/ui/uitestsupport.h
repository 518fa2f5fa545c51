#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <QHash>
#include <QTemporaryDir>

#include <memory>

#include "client/api/apiclient.h"
#include "client/local/embeddedserver.h"
#include "tests/api/serverprocess.h"
#include "ui/common/clientopsapi.h"

class QWidget;

namespace thetool::test {

// The server the screens are tested against: a separate `thetool serve` process reached as a
// remote profile, or the console's own embedded server, started by its supervisor
// (`serve --embedded`, its key passed privately) exactly as the console starts it.
class ScreensServer
{
public:
    enum class Kind { Remote, Embedded };
    explicit ScreensServer(Kind kind);
    ~ScreensServer();

    void setEnv(const QString &key, const QString &value);
    void setDataPath(const QString &path); // an existing data folder (default: a new temporary one)
    bool start(); // waits until it listens; false with the reason in error()
    bool terminate(); // clean stop; true when it stopped cleanly
    QString error() const { return m_error; }
    quint16 port() const;
    QString key() const;
    QByteArray authHeader() const { return "X-API-Key: " + key().toUtf8() + "\r\n"; }
    std::optional<RawClient::Response> request(const QByteArray &method, const QByteArray &target,
        const QByteArray &headers = {}, const QByteArray &body = {});

private:
    Kind m_kind;
    ServerProcess m_process;
    QTemporaryDir m_dataDir;
    QString m_dataPath;
    QHash<QString, QString> m_env;
    std::unique_ptr<client::EmbeddedServer> m_embedded;
    QString m_key;
    QString m_error;
};

struct ClientHolder {
    client::ApiClient client;
};

// A real `thetool serve` treated as a remote profile: the console's ApiClient reaches it over
// HTTP with its master key, exactly as it would reach a deployment.
class RemoteProfile : private ClientHolder, public ui::ClientOpsApi
{
public:
    RemoteProfile(quint16 port, const QString &key);
};

std::unique_ptr<RemoteProfile> remoteProfile(ServerProcess &server);
std::unique_ptr<RemoteProfile> remoteProfile(ScreensServer &server);

// POST /api/analysis/analyze with optional extra header lines; the job id or empty.
QString startAnalysis(ServerProcess &server, const QJsonObject &body, const QByteArray &extraHeaders = {},
    QString *why = nullptr);
QString startAnalysis(ScreensServer &server, const QJsonObject &body, const QByteArray &extraHeaders = {},
    QString *why = nullptr);
QJsonObject getJson(ServerProcess &server, const QByteArray &target);
QJsonObject getJson(ScreensServer &server, const QByteArray &target);

// Labels under `root` whose text does not fit their geometry (elided or cut), as
// "objectName/text: needs N px, has M px" lines; empty when every label fits.
QStringList elidedLabels(QWidget *root);

} // namespace thetool::test
