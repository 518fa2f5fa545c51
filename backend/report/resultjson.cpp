#include "backend/report/resultjson.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

#include "backend/report/resulttimestamps.h"

namespace thetool::report {

namespace {

// NULL columns (NaN) are JSON null, as Python's None.
QJsonValue number(double value)
{
    return std::isnan(value) ? QJsonValue() : QJsonValue(value);
}

QJsonValue nullable(const QString &text)
{
    return text.isNull() ? QJsonValue() : QJsonValue(text);
}

qint64 strategyIdOf(const repo::ResultRow &row)
{
    return row.strategyId == 0 ? 5 : row.strategyId; // spec §13 #26: KEEP
}

QJsonDocument parse(const QString &text)
{
    if (text.isEmpty())
        return {};
    QJsonParseError error {};
    QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    return error.error == QJsonParseError::NoError ? document : QJsonDocument();
}

} // namespace

QJsonArray storedIndicators(const repo::ResultRow &row)
{
    const QJsonDocument document = parse(row.rawData);
    if (document.isArray())
        return document.array();
    if (document.isObject())
        return document.object().value(QStringLiteral("indicators")).toArray();
    return {};
}

QJsonValue storedAnalysisConfig(const repo::ResultRow &row)
{
    const QJsonDocument document = parse(row.analysisConfig);
    return document.isObject() ? QJsonValue(document.object()) : QJsonValue();
}

QJsonObject historyEntryJson(const repo::ResultRow &row)
{
    return {{QStringLiteral("id"), row.id}, {QStringLiteral("ticker"), row.ticker},
        {QStringLiteral("symbol"), nullable(row.symbol)}, {QStringLiteral("verdict"), row.verdict},
        {QStringLiteral("score"), row.score}, {QStringLiteral("entry"), number(row.entry)},
        {QStringLiteral("stop_loss"), number(row.stopLoss)}, {QStringLiteral("target"), number(row.target)},
        {QStringLiteral("created_at"), nullable(pythonDateTimeText(row.createdAt))},
        {QStringLiteral("indicators"), storedIndicators(row)},
        {QStringLiteral("position_size"), row.positionSize},
        {QStringLiteral("risk_reward_ratio"), row.riskRewardRatio},
        {QStringLiteral("strategy_id"), strategyIdOf(row)},
        {QStringLiteral("analysis_config"), storedAnalysisConfig(row)}};
}

QJsonObject reportJson(const QString &askedTicker, const repo::ResultRow &row)
{
    const QJsonObject analysis {{QStringLiteral("verdict"), row.verdict},
        {QStringLiteral("score"), row.score}, {QStringLiteral("entry"), number(row.entry)},
        {QStringLiteral("stop_loss"), number(row.stopLoss)}, {QStringLiteral("target"), number(row.target)},
        {QStringLiteral("position_size"), row.positionSize},
        {QStringLiteral("risk_reward_ratio"), row.riskRewardRatio},
        {QStringLiteral("strategy_id"), strategyIdOf(row)}};
    return {{QStringLiteral("ticker"), askedTicker}, {QStringLiteral("analysis"), analysis},
        {QStringLiteral("indicators"), storedIndicators(row)},
        {QStringLiteral("created_at"), nullable(httpDateText(row.createdAt))},
        {QStringLiteral("analysis_config"), storedAnalysisConfig(row)}};
}

} // namespace thetool::report
