#pragma once

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace thetool::client {

// The body of POST /api/analysis/analyze. Unset optionals are not sent (server defaults).
struct AnalyzeRequest {
    QStringList tickers;
    std::optional<double> capital;
    std::optional<int> strategyId;
    bool useDemoData = false;
    bool force = false; // queue even when the same analysis is running
    QString formulaProfile; // classic, standard
    QString dataPeriod; // 100d, 6mo, 2y ...
    std::optional<double> riskPercent;
    std::optional<double> positionSizeLimit;
    std::optional<double> riskRewardRatio;
    QJsonObject categoryWeights;
    QJsonObject extra; // any further fields, sent as given

    QJsonObject toJson() const;
};

// The answer: 201 a new queued job, or 200 the same analysis already queued or running.
struct AnalyzeResponse {
    QString jobId;
    QString status;
    bool isDuplicate = false;
    QStringList tickers;
    double capital = 0.0;
    int strategyId = 0;
    QString formulaProfile;
    QString correlationId;
    QString message;
    bool threadStarted = false; // whether the answering instance runs workers

    static std::optional<AnalyzeResponse> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
