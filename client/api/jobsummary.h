#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace thetool::client {

// One job as GET /api/jobs lists it (and the common part of GET /api/jobs/{id}).
struct JobSummary {
    QString jobId;
    QString kind; // analysis, bulk_analysis, backtest, cleanup
    QString status; // queued, processing, completed, failed, cancelled
    int total = 0;
    int completed = 0;
    int successful = 0;
    int progress = 0; // 0..100
    int strategyId = 0;
    QStringList tickers; // the first 10 in lists; all of them in a job's detail
    int tickerCount = 0;
    QString correlationId;
    int attempt = 0;
    QString error;
    QString currentTicker;
    QDateTime createdAt;
    QDateTime startedAt;
    QDateTime completedAt;
    QDateTime updatedAt;
    QString retryOf;
    std::optional<double> durationSeconds; // once started

    bool isActive() const
    {
        return status == QLatin1String("queued") || status == QLatin1String("processing");
    }

    static std::optional<JobSummary> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
