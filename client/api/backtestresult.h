#pragma once

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace thetool::client {

// GET /api/backtest/ticker/{ticker}: one ticker's backtest (the original's shape). A
// ticker without trades has totalSignals 0 and a message.
struct BacktestResult {
    QString ticker;
    int strategyId = 0;
    QString strategyName;
    QString period; // "2025-11-01 to 2026-01-30"
    int totalSignals = 0;
    int winningTrades = 0;
    int losingTrades = 0;
    double winRate = 0.0; // percent
    double profitFactor = 0.0;
    double totalProfitPct = 0.0;
    double maxDrawdown = 0.0;
    int daysAnalyzed = 0;
    QString dataSource;
    QString message;
    QJsonArray trades;
    QJsonObject raw; // every field, for the rest (strategy_params, expectancy ...)

    static std::optional<BacktestResult> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client
