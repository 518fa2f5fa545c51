#pragma once

#include <QJsonObject>
#include <QString>

namespace thetool::ui {

// The outcome of one call as the screens see it: an error is a value carrying the server's
// error code and message, or the network error, never an exception.
struct ApiResult {
    bool ok = false;
    int httpStatus = 0; // 0 when no answer arrived
    QString errorCode; // the server's UPPER_SNAKE code, or NETWORK_ERROR / TIMEOUT / BAD_JSON
    QString errorMessage; // readable, for the UI
    QJsonObject body;
    qint64 elapsedMs = 0; // request to last byte, as the console measured it
};

} // namespace thetool::ui
