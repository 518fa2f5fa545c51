#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrlQuery>

#include <functional>

#include "ui/common/apiresult.h"

namespace thetool::ui {

// What the operations screens need from a server: JSON GETs and POSTs answered
// asynchronously on the GUI thread. The screens depend on this narrow seam only, so the
// transport (the console's ApiClient, through ClientOpsApi) is adapted in one place.
class OpsApi : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const ApiResult &)>;

    using QObject::QObject;

    // `path` is rooted ("/api/jobs"); `query` is encoded by the transport. `done` runs on
    // the GUI thread, and never once `context` has been destroyed.
    virtual void get(const QString &path, const QUrlQuery &query, QObject *context, Callback done) = 0;
    virtual void post(const QString &path, const QJsonObject &body, QObject *context, Callback done) = 0;
    // A short name of the server for titles and notifications ("127.0.0.1:8000").
    virtual QString serverLabel() const = 0;
};

} // namespace thetool::ui
