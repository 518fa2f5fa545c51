#pragma once

#include <QJsonArray>
#include <QList>

#include "client/api/jobsummary.h"

namespace thetool::client {

// One ticker's outcome in a job (a row of analysis_results).
struct JobOutcome {
    QString ticker;
    QString status;
    QString verdict;
    std::optional<double> score;
    QString error;
    int attempt = 0;
    QString dataSource;
    qint64 resultId = 0;
    QDateTime createdAt;
};

// GET /api/jobs/{id}: the summary plus configuration, errors, lease and outcomes.
struct JobDetail : JobSummary {
    QJsonObject config;
    QJsonArray errors;
    int maxAttempts = 0;
    QString leaseOwner;
    QDateTime leaseUntil;
    QDateTime heartbeatAt;
    std::optional<double> heartbeatAgeSeconds;
    bool cancelRequested = false;
    int tickerTimeoutSeconds = 0;
    int jobTimeoutSeconds = 0;
    QList<JobOutcome> outcomes;
    QJsonObject result; // a non-analysis job's result document (backtest, cleanup); empty if none

    static std::optional<JobDetail> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
