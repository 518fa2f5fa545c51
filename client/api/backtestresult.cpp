#include "client/api/backtestresult.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<BacktestResult> BacktestResult::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("backtest"));
    BacktestResult b;
    b.ticker = r.requiredString(QStringLiteral("ticker"));
    b.strategyId = int(r.integer(QStringLiteral("strategy_id")));
    b.strategyName = r.string(QStringLiteral("strategy_name"));
    b.period = r.string(QStringLiteral("backtest_period"));
    b.totalSignals = int(r.requiredInteger(QStringLiteral("total_signals")));
    b.winningTrades = int(r.integer(QStringLiteral("winning_trades")));
    b.losingTrades = int(r.integer(QStringLiteral("losing_trades")));
    b.winRate = r.number(QStringLiteral("win_rate"));
    b.profitFactor = r.number(QStringLiteral("profit_factor"));
    b.totalProfitPct = r.number(QStringLiteral("total_profit_pct"));
    b.maxDrawdown = r.number(QStringLiteral("max_drawdown"));
    b.daysAnalyzed = int(r.integer(QStringLiteral("days_analyzed")));
    b.dataSource = r.string(QStringLiteral("data_source"));
    b.message = r.string(QStringLiteral("message"));
    b.trades = r.array(QStringLiteral("trades"));
    b.raw = object;
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return b;
}

} // namespace thetool::client
