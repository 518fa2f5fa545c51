#include "client/api/tickerreport.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

std::optional<TickerReport> TickerReport::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("report"));
    TickerReport t;
    t.ticker = r.requiredString(QStringLiteral("ticker"));
    if (!object.value(QStringLiteral("analysis")).isObject())
        r.fail(QStringLiteral("missing object field 'analysis'"));
    JsonReader a(r.object(QStringLiteral("analysis")), QStringLiteral("report analysis"));
    t.verdict = a.string(QStringLiteral("verdict"));
    t.score = a.optionalNumber(QStringLiteral("score"));
    t.entry = a.optionalNumber(QStringLiteral("entry"));
    t.stopLoss = a.optionalNumber(QStringLiteral("stop_loss"));
    t.target = a.optionalNumber(QStringLiteral("target"));
    t.positionSize = a.optionalNumber(QStringLiteral("position_size"));
    t.riskRewardRatio = a.optionalNumber(QStringLiteral("risk_reward_ratio"));
    t.strategyId = int(a.integer(QStringLiteral("strategy_id")));
    t.indicators = r.requiredArray(QStringLiteral("indicators"));
    t.createdAt = r.time(QStringLiteral("created_at"));
    t.analysisConfig = r.object(QStringLiteral("analysis_config"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return t;
}

} // namespace thetool::client
