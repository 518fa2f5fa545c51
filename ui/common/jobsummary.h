#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace thetool::ui {

// One row of GET /api/jobs (and the head of GET /api/jobs/{id}), parsed leniently.
struct JobSummary {
    QString jobId;
    QString kind;
    QString status;
    int total = 0;
    int completed = 0;
    int successful = 0;
    int progress = 0;
    QStringList tickers; // the first 10 in lists
    int tickerCount = 0;
    QString correlationId;
    int attempt = 0;
    QString error;
    QString currentTicker;
    QDateTime createdAt;
    QDateTime startedAt;
    QDateTime completedAt;
    QString retryOf;
    std::optional<double> durationSeconds;

    bool isActive() const
    {
        return status == QLatin1String("queued") || status == QLatin1String("processing");
    }
    bool isFinished() const { return !status.isEmpty() && !isActive(); }
    // Applies a job.progress / job.finished event payload; true when something changed.
    bool applyEvent(const QJsonObject &data);

    static JobSummary fromJson(const QJsonObject &object);
    static QStringList statuses(); // in the order the server lists them
    static QStringList kinds();
};

} // namespace thetool::ui
