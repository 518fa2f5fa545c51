#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace thetool::client {

// GET /api/analysis/report/{ticker}: the latest stored analysis of a ticker.
struct TickerReport {
    QString ticker;
    QString verdict;
    std::optional<double> score;
    std::optional<double> entry;
    std::optional<double> stopLoss;
    std::optional<double> target;
    std::optional<double> positionSize;
    std::optional<double> riskRewardRatio;
    int strategyId = 0;
    QJsonArray indicators; // {name, vote, confidence, category ...} per indicator
    QDateTime createdAt;
    QJsonObject analysisConfig;

    static std::optional<TickerReport> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
