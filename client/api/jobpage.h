#pragma once

#include <QList>
#include <QMap>

#include "client/api/jobsummary.h"

namespace thetool::client {

// One keyset page of GET /api/jobs with the per-status and per-kind counts.
struct JobPage {
    QList<JobSummary> jobs;
    int count = 0;
    QString nextCursor; // empty on the last page
    QMap<QString, int> counts; // status -> jobs
    QMap<QString, QMap<QString, int>> countsByKind; // kind -> status -> jobs

    static std::optional<JobPage> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
