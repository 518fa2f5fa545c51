#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace thetool::client {

// One result summary of a completed job's status (the original backend's shape).
struct ResultSummary {
    QString ticker;
    QString symbol;
    QString verdict;
    std::optional<double> score;
    std::optional<double> entry;
    std::optional<double> stopLoss;
    std::optional<double> target;
    QDateTime createdAt;
    QString jobId;
    QString status;
    QString errorMessage;
    QString dataSource;
    bool isDemoData = false;
};

// GET /api/analysis/status/{job_id}: the original's status fields plus kind, attempt,
// correlation id and error; `results` for completed jobs (at most 50).
struct JobStatus {
    QString jobId;
    QString status;
    int progress = 0;
    int completed = 0;
    int total = 0;
    int successful = 0;
    QJsonArray errors; // the original sends them as a JSON list inside a string; parsed here
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime startedAt;
    QDateTime completedAt;
    int currentIndex = 0;
    QString currentTicker;
    QString message;
    QString kind;
    int attempt = 0;
    QString correlationId;
    QString error;
    QList<ResultSummary> results;

    bool isFinished() const
    {
        return status == QLatin1String("completed") || status == QLatin1String("failed")
            || status == QLatin1String("cancelled");
    }

    static std::optional<JobStatus> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
