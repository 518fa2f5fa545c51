#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace thetool::client {

// The answer of POST /api/jobs/{id}/cancel (jobId, status "cancelled", previousStatus) and
// of POST /api/jobs/{id}/retry (the NEW job's id, its status, retryOf, correlationId).
struct JobActionResult {
    QString jobId;
    QString status;
    QString previousStatus; // cancel
    QString retryOf; // retry: the finished job this one repeats
    QString correlationId;

    static std::optional<JobActionResult> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
