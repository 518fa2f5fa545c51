#include "backend/report/backtestjson.h"

#include <QJsonArray>

namespace thetool::report {

namespace {

using analysis::BacktestConfig;
using analysis::BacktestResult;
using analysis::BacktestStatus;

QString str(const std::string &s)
{
    return QString::fromStdString(s);
}

QString rsiRange(const BacktestConfig &c)
{
    return QString::number(c.rsiMin) + QLatin1Char('-') + QString::number(c.rsiMax);
}

// The configured numbers as the original wrote them: whole thresholds as integers.
QJsonValue number(double v)
{
    return v == static_cast<double>(static_cast<int>(v)) ? QJsonValue(static_cast<int>(v)) : QJsonValue(v);
}

QJsonObject tradeToJson(const analysis::BacktestTrade &t)
{
    QJsonObject o;
    o.insert(QStringLiteral("outcome"), t.win ? QStringLiteral("WIN") : QStringLiteral("LOSS"));
    o.insert(QStringLiteral("exit_price"), t.exitPrice);
    o.insert(QStringLiteral("exit_date"), str(t.exitDate));
    o.insert(QStringLiteral("pnl_pct"), t.pnlPct);
    o.insert(QStringLiteral("bars_held"), t.barsHeld);
    o.insert(QStringLiteral("reason"), str(t.reason));
    o.insert(QStringLiteral("entry_date"), str(t.entryDate));
    o.insert(QStringLiteral("entry_price"), t.entryPrice);
    o.insert(QStringLiteral("target"), t.target);
    o.insert(QStringLiteral("stop_loss"), t.stopLoss);
    o.insert(QStringLiteral("confidence"), t.confidence);
    o.insert(QStringLiteral("rsi"), t.rsi);
    o.insert(QStringLiteral("volume_ratio"), t.volumeRatio);
    o.insert(QStringLiteral("in_uptrend"), t.inUptrend);
    return o;
}

QJsonObject strategyParams(const BacktestConfig &c)
{
    QJsonObject o;
    o.insert(QStringLiteral("target_pct"), c.targetPct);
    o.insert(QStringLiteral("stop_loss_pct"), c.stopLossPct);
    o.insert(QStringLiteral("max_bars"), c.maxBars);
    o.insert(QStringLiteral("rsi_range"), rsiRange(c));
    o.insert(QStringLiteral("adx_threshold"), number(c.adxThreshold));
    o.insert(QStringLiteral("use_trend_filter"), c.useTrendFilter);
    o.insert(QStringLiteral("cooldown_bars"), c.cooldownBars);
    return o;
}

void insertStrategy(QJsonObject &o, const BacktestResult &r)
{
    o.insert(QStringLiteral("strategy_id"), r.config->id);
    o.insert(QStringLiteral("strategy_name"), str(r.config->name));
}

} // namespace

QJsonObject backtestResultToJson(const BacktestResult &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("ticker"), str(r.ticker));
    switch (r.status) {
    case BacktestStatus::BadRequest:
        o.insert(QStringLiteral("error"), str(r.error));
        return o;
    case BacktestStatus::NoData:
        o.insert(QStringLiteral("error"), str(r.error));
        insertStrategy(o, r);
        return o;
    case BacktestStatus::NoSignals:
    case BacktestStatus::Completed:
        break;
    }
    insertStrategy(o, r);
    o.insert(QStringLiteral("strategy_description"), str(r.config->description));
    o.insert(QStringLiteral("backtest_period"), str(r.periodStart + " to " + r.periodEnd));
    if (r.status == BacktestStatus::NoSignals) {
        o.insert(QStringLiteral("total_signals"), 0);
        o.insert(QStringLiteral("winning_trades"), 0);
        o.insert(QStringLiteral("losing_trades"), 0);
        o.insert(QStringLiteral("message"), QStringLiteral("No buy signals generated in this period"));
        return o;
    }
    const analysis::BacktestMetrics &m = r.metrics;
    o.insert(QStringLiteral("total_signals"), m.totalSignals);
    o.insert(QStringLiteral("winning_trades"), m.winningTrades);
    o.insert(QStringLiteral("losing_trades"), m.losingTrades);
    o.insert(QStringLiteral("win_rate"), m.winRate);
    o.insert(QStringLiteral("profit_factor"), m.profitFactor);
    o.insert(QStringLiteral("total_profit_pct"), m.totalProfitPct);
    o.insert(QStringLiteral("avg_win"), m.avgWin);
    o.insert(QStringLiteral("avg_loss"), m.avgLoss);
    if (m.expectancy)
        o.insert(QStringLiteral("expectancy"), *m.expectancy);
    o.insert(QStringLiteral("max_drawdown"), m.maxDrawdown);
    o.insert(QStringLiteral("consecutive_wins"), m.consecutiveWins);
    o.insert(QStringLiteral("trades_per_day"), m.tradesPerDay);
    o.insert(QStringLiteral("strategy_params"), strategyParams(*r.config));
    QJsonArray trades;
    for (const auto &t : r.trades)
        trades.append(tradeToJson(t));
    o.insert(QStringLiteral("trades"), trades);
    o.insert(QStringLiteral("days_analyzed"), r.daysAnalyzed);
    o.insert(QStringLiteral("data_source"), str(r.dataSource));
    QJsonArray excluded;
    for (const auto &e : r.excluded) {
        QJsonObject x;
        x.insert(QStringLiteral("entry_date"), str(e.entryDate));
        x.insert(QStringLiteral("entry_price"), e.entryPrice);
        x.insert(QStringLiteral("available_bars"), e.availableBars);
        x.insert(QStringLiteral("reason"), str(e.reason));
        excluded.append(x);
    }
    o.insert(QStringLiteral("excluded_trades"), static_cast<int>(r.excluded.size()));
    o.insert(QStringLiteral("excluded_trades_detail"), excluded);
    if (!r.excluded.empty()) {
        o.insert(QStringLiteral("exclusion_note"),
            QStringLiteral("%1 signal(s) excluded due to insufficient data at end of period")
                .arg(r.excluded.size()));
    }
    return o;
}

QJsonObject backtestStrategyToJson(const BacktestConfig &c)
{
    QJsonObject params;
    params.insert(QStringLiteral("target_pct"), c.targetPct);
    params.insert(QStringLiteral("stop_loss_pct"), c.stopLossPct);
    params.insert(QStringLiteral("max_bars"), c.maxBars);
    params.insert(QStringLiteral("rsi_range"), rsiRange(c));
    QJsonObject o;
    o.insert(QStringLiteral("id"), c.id);
    o.insert(QStringLiteral("name"), str(c.name));
    o.insert(QStringLiteral("description"), str(c.description));
    o.insert(QStringLiteral("params"), params);
    return o;
}

QJsonObject portfolioResultToJson(const analysis::PortfolioResult &p)
{
    QJsonObject results;
    for (const auto &[ticker, result] : p.results)
        results.insert(str(ticker), backtestResultToJson(result));
    QJsonObject o;
    o.insert(QStringLiteral("tickers_analyzed"), static_cast<int>(p.results.size()));
    o.insert(QStringLiteral("days"), p.days);
    o.insert(QStringLiteral("strategy_id"), p.config->id);
    o.insert(QStringLiteral("strategy_name"), str(p.config->name));
    o.insert(QStringLiteral("results"), results);
    return o;
}

QJsonObject strategyComparisonToJson(const analysis::StrategyComparison &c)
{
    QJsonObject comparison;
    for (const auto &[strategyId, result] : c.results) {
        const QString key = QStringLiteral("strategy_%1").arg(strategyId);
        if (result.status == BacktestStatus::BadRequest && !result.config)
            comparison.insert(key, QJsonObject {{QStringLiteral("error"), str(result.error)}});
        else
            comparison.insert(key, backtestResultToJson(result));
    }
    QJsonObject o;
    o.insert(QStringLiteral("ticker"), str(c.ticker));
    o.insert(QStringLiteral("days"), c.days);
    o.insert(QStringLiteral("comparison"), comparison);
    return o;
}

} // namespace thetool::report
