#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

#include "client/api/apiclient.h"
#include "tests/api/serverprocess.h"
#include "ui/common/clientopsapi.h"

class QWidget;

namespace thetool::test {

struct ClientHolder {
    client::ApiClient client;
};

// A real `thetool serve` treated as a remote profile: the console's ApiClient reaches it over
// HTTP with its master key, exactly as it would reach a deployment.
class RemoteProfile : private ClientHolder, public ui::ClientOpsApi
{
public:
    explicit RemoteProfile(ServerProcess &server);
};

std::unique_ptr<RemoteProfile> remoteProfile(ServerProcess &server);

// POST /api/analysis/analyze with optional extra header lines; the job id or empty.
QString startAnalysis(ServerProcess &server, const QJsonObject &body, const QByteArray &extraHeaders = {},
    QString *why = nullptr);
QJsonObject getJson(ServerProcess &server, const QByteArray &target);

// A chart answer in Yahoo's shape: `days` daily bars of a deterministic random walk, so a
// provider stand-in serves data the analysis accepts.
QByteArray chartBody(const QString &symbol, int days = 250);

// Labels under `root` whose text does not fit their geometry (elided or cut), as
// "objectName/text: needs N px, has M px" lines; empty when every label fits.
QStringList elidedLabels(QWidget *root);

} // namespace thetool::test
