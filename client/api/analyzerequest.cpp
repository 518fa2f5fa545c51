#include "client/api/analyzerequest.h"

#include <QJsonArray>

#include "client/api/jsonreader.h"

namespace thetool::client {

QJsonObject AnalyzeRequest::toJson() const
{
    QJsonObject o = extra;
    o.insert(QStringLiteral("tickers"), QJsonArray::fromStringList(tickers));
    if (capital)
        o.insert(QStringLiteral("capital"), *capital);
    if (strategyId)
        o.insert(QStringLiteral("strategy_id"), *strategyId);
    if (useDemoData)
        o.insert(QStringLiteral("use_demo_data"), true);
    if (force)
        o.insert(QStringLiteral("force"), true);
    if (!formulaProfile.isEmpty())
        o.insert(QStringLiteral("formula_profile"), formulaProfile);
    if (!dataPeriod.isEmpty())
        o.insert(QStringLiteral("data_period"), dataPeriod);
    if (riskPercent)
        o.insert(QStringLiteral("risk_percent"), *riskPercent);
    if (positionSizeLimit)
        o.insert(QStringLiteral("position_size_limit"), *positionSizeLimit);
    if (riskRewardRatio)
        o.insert(QStringLiteral("risk_reward_ratio"), *riskRewardRatio);
    if (!categoryWeights.isEmpty())
        o.insert(QStringLiteral("category_weights"), categoryWeights);
    return o;
}

std::optional<AnalyzeResponse> AnalyzeResponse::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("analyze"));
    AnalyzeResponse a;
    a.jobId = r.requiredString(QStringLiteral("job_id"));
    a.status = r.requiredString(QStringLiteral("status"));
    a.isDuplicate = r.boolean(QStringLiteral("is_duplicate"));
    a.tickers = r.stringList(QStringLiteral("tickers"));
    a.capital = r.number(QStringLiteral("capital"));
    a.strategyId = int(r.integer(QStringLiteral("strategy_id")));
    a.formulaProfile = r.string(QStringLiteral("formula_profile"));
    a.correlationId = r.string(QStringLiteral("correlation_id"));
    a.message = r.string(QStringLiteral("message"));
    a.threadStarted = r.boolean(QStringLiteral("thread_started"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return a;
}

} // namespace thetool::client
