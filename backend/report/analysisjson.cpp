#include "backend/report/analysisjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <optional>

#include "backend/report/jsonkeyorder.h"

namespace thetool::report {

namespace {

using analysis::AnalysisConfig;
using analysis::WeightList;

QString str(const std::string &s)
{
    return QString::fromStdString(s);
}

QJsonArray stringArray(const std::vector<std::string> &items)
{
    QJsonArray array;
    for (const auto &item : items)
        array.append(str(item));
    return array;
}

QJsonObject indicatorToJson(const analysis::IndicatorResult &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), str(r.name));
    o.insert(QStringLiteral("value"), r.value);
    o.insert(QStringLiteral("vote"), r.vote);
    o.insert(QStringLiteral("confidence"), r.confidence);
    o.insert(QStringLiteral("category"), str(r.category));
    if (r.failed())
        o.insert(QStringLiteral("error"), str(r.error));
    return o;
}

QJsonObject weightsToJson(const WeightList &weights)
{
    QJsonObject o;
    for (const auto &[key, weight] : weights)
        o.insert(str(key), weight);
    return o;
}

bool readNumber(const QJsonObject &o, const char *key, std::optional<double> &out, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble()) {
        *error = QStringLiteral("config.%1 must be a number").arg(QLatin1String(key));
        return false;
    }
    out = v.toDouble();
    return true;
}

bool readBool(const QJsonObject &o, const char *key, std::optional<bool> &out, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isBool()) {
        *error = QStringLiteral("config.%1 must be true or false").arg(QLatin1String(key));
        return false;
    }
    out = v.toBool();
    return true;
}

bool readWeights(const QJsonObject &o, const char *key, std::optional<WeightList> &out, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isObject()) {
        *error = QStringLiteral("config.%1 must be an object of numbers").arg(QLatin1String(key));
        return false;
    }
    WeightList weights;
    const QJsonObject object = v.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isNull())
            continue;
        if (!it.value().isDouble()) {
            *error = QStringLiteral("config.%1.%2 must be a number").arg(QLatin1String(key), it.key());
            return false;
        }
        weights.emplace_back(it.key().toStdString(), it.value().toDouble());
    }
    out = weights;
    return true;
}

void putNumber(QJsonObject &o, const char *key, const std::optional<double> &v)
{
    if (v)
        o.insert(QLatin1String(key), *v);
}

void putBool(QJsonObject &o, const char *key, const std::optional<bool> &v)
{
    if (v)
        o.insert(QLatin1String(key), *v);
}

} // namespace

QJsonObject analysisResultToJson(const analysis::AnalysisResult &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("ticker"), str(r.ticker));
    o.insert(QStringLiteral("score"), r.score);
    o.insert(QStringLiteral("verdict"), str(r.verdict));
    o.insert(QStringLiteral("signal"), str(r.signal));
    o.insert(QStringLiteral("entry"), r.entry);
    o.insert(QStringLiteral("stop"), r.stop);
    o.insert(QStringLiteral("target"), r.target);
    o.insert(QStringLiteral("risk_reward_ratio"), r.riskRewardRatio);
    o.insert(QStringLiteral("position_size"), static_cast<qint64>(r.positionSize));
    QJsonArray indicators;
    for (const auto &indicator : r.indicators)
        indicators.append(indicatorToJson(indicator));
    o.insert(QStringLiteral("indicators"), indicators);
    o.insert(QStringLiteral("data_valid"), r.dataValid);
    o.insert(QStringLiteral("data_message"), str(r.dataMessage));
    o.insert(QStringLiteral("data_warnings"), stringArray(r.dataWarnings));
    o.insert(QStringLiteral("risk_valid"), r.riskValid);
    o.insert(QStringLiteral("risk_message"), str(r.riskMessage));
    o.insert(QStringLiteral("success"), r.success);
    if (!r.success) {
        o.insert(QStringLiteral("error"), str(r.error));
        return o;
    }
    if (r.strategyId)
        o.insert(QStringLiteral("strategy_id"), *r.strategyId);
    o.insert(QStringLiteral("strategy_name"), str(r.strategyName));
    if (r.validation) {
        const auto &v = *r.validation;
        QJsonObject validation;
        validation.insert(QStringLiteral("confidence_score"), v.confidenceScore);
        validation.insert(QStringLiteral("market_regime"), str(v.marketRegime));
        validation.insert(QStringLiteral("validation_warnings"), stringArray(v.warnings));
        validation.insert(QStringLiteral("momentum_valid"), v.momentumValid);
        validation.insert(QStringLiteral("momentum_reason"), str(v.momentumReason));
        validation.insert(QStringLiteral("trend_valid"), v.trendValid);
        validation.insert(QStringLiteral("trend_reason"), str(v.trendReason));
        o.insert(QStringLiteral("validation"), validation);
        o.insert(QStringLiteral("confidence_score"), v.confidenceScore);
        o.insert(QStringLiteral("market_regime"), str(v.marketRegime));
        if (!v.warnings.empty())
            o.insert(QStringLiteral("validation_warnings"), stringArray(v.warnings));
    }
    return o;
}

bool parseAnalysisConfig(const QByteArray &json, AnalysisConfig &config, QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("config is not valid JSON: %1 at offset %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("config must be a JSON object");
        return false;
    }
    const QJsonObject o = doc.object();
    AnalysisConfig c;
    if (!readNumber(o, "capital", c.capital, error) || !readNumber(o, "risk_percent", c.riskPercent, error)
        || !readNumber(o, "position_size_limit", c.positionSizeLimit, error)
        || !readNumber(o, "risk_reward_ratio", c.riskRewardRatio, error)
        || !readBool(o, "use_demo_data", c.useDemoData, error)
        || !readWeights(o, "category_weights", c.categoryWeights, error)
        || !readWeights(o, "indicator_weights", c.indicatorWeights, error)
        || !readNumber(o, "stop_loss_pct", c.stopLossPct, error)
        || !readNumber(o, "target_pct", c.targetPct, error)
        || !readBool(o, "use_dynamic_stop", c.useDynamicStop, error)
        || !readNumber(o, "atr_multiplier", c.atrMultiplier, error)
        || !readNumber(o, "max_position_size_pct", c.maxPositionSizePct, error)
        || !readNumber(o, "max_stop_loss_pct", c.maxStopLossPct, error)
        || !readNumber(o, "atr_stop_multiplier", c.atrStopMultiplier, error)
        || !readBool(o, "use_wider_stop_for_volatility", c.useWiderStopForVolatility, error))
        return false;
    const QJsonValue period = o.value(QLatin1String("data_period"));
    if (period.isString())
        c.dataPeriod = period.toString().toStdString();
    else if (!period.isUndefined() && !period.isNull()) {
        *error = QStringLiteral("config.data_period must be a string such as \"200d\"");
        return false;
    }
    const QJsonValue enabled = o.value(QLatin1String("enabled_indicators"));
    if (enabled.isObject()) {
        const QJsonObject flags = enabled.toObject();
        std::vector<std::pair<std::string, bool>> ordered;
        QStringList seen;
        for (const QString &key : objectKeysInOrder(json, QStringLiteral("enabled_indicators"))) {
            if (seen.contains(key))
                continue; // a repeated key counts once, with its last value (as QJsonObject keeps it)
            seen << key;
            const QJsonValue flag = flags.value(key);
            if (flag.isNull() || flag.isUndefined())
                continue;
            if (!flag.isBool()) {
                *error = QStringLiteral("config.enabled_indicators.%1 must be true or false").arg(key);
                return false;
            }
            ordered.emplace_back(key.toStdString(), flag.toBool());
        }
        c.enabledIndicators = ordered;
    } else if (!enabled.isUndefined() && !enabled.isNull()) {
        *error = QStringLiteral("config.enabled_indicators must be an object of true/false");
        return false;
    }
    config = c;
    return true;
}

QJsonObject analysisConfigToJson(const AnalysisConfig &c)
{
    QJsonObject o;
    putNumber(o, "capital", c.capital);
    putNumber(o, "risk_percent", c.riskPercent);
    putNumber(o, "position_size_limit", c.positionSizeLimit);
    putNumber(o, "risk_reward_ratio", c.riskRewardRatio);
    if (c.dataPeriod)
        o.insert(QStringLiteral("data_period"), str(*c.dataPeriod));
    putBool(o, "use_demo_data", c.useDemoData);
    if (c.categoryWeights)
        o.insert(QStringLiteral("category_weights"), weightsToJson(*c.categoryWeights));
    if (c.indicatorWeights)
        o.insert(QStringLiteral("indicator_weights"), weightsToJson(*c.indicatorWeights));
    if (c.enabledIndicators) {
        QJsonObject flags;
        for (const auto &[key, on] : *c.enabledIndicators)
            flags.insert(str(key), on);
        o.insert(QStringLiteral("enabled_indicators"), flags);
    }
    putNumber(o, "stop_loss_pct", c.stopLossPct);
    putNumber(o, "target_pct", c.targetPct);
    putBool(o, "use_dynamic_stop", c.useDynamicStop);
    putNumber(o, "atr_multiplier", c.atrMultiplier);
    putNumber(o, "max_position_size_pct", c.maxPositionSizePct);
    putNumber(o, "max_stop_loss_pct", c.maxStopLossPct);
    putNumber(o, "atr_stop_multiplier", c.atrStopMultiplier);
    putBool(o, "use_wider_stop_for_volatility", c.useWiderStopForVolatility);
    return o;
}

QJsonObject strategyToJson(const analysis::Strategy &s)
{
    QJsonObject risk;
    risk.insert(QStringLiteral("default_stop_loss_pct"), s.risk.defaultStopLossPct);
    risk.insert(QStringLiteral("default_target_multiplier"), s.risk.defaultTargetMultiplier);
    risk.insert(QStringLiteral("max_position_size_pct"), s.risk.maxPositionSizePct);
    putNumber(risk, "min_reward_pct", s.risk.minRewardPct);
    putNumber(risk, "max_stop_loss_pct", s.risk.maxStopLossPct);
    putBool(risk, "use_dynamic_stop_loss", s.risk.useDynamicStopLoss);
    putNumber(risk, "atr_multiplier", s.risk.atrMultiplier);
    putBool(risk, "use_wider_stop_for_volatility", s.risk.useWiderStopForVolatility);
    if (s.risk.maxHoldingBars)
        risk.insert(QStringLiteral("max_holding_bars"), *s.risk.maxHoldingBars);
    putBool(risk, "require_volume_filter", s.risk.requireVolumeFilter);
    QJsonObject o;
    o.insert(QStringLiteral("id"), s.id);
    o.insert(QStringLiteral("name"), str(s.name));
    o.insert(QStringLiteral("description"), str(s.description));
    o.insert(QStringLiteral("indicator_weights"), weightsToJson(s.indicatorWeights));
    o.insert(QStringLiteral("category_weights"), weightsToJson(s.categoryWeights));
    o.insert(QStringLiteral("risk_profile"), risk);
    o.insert(QStringLiteral("indicator_params"),
        QJsonDocument::fromJson(QByteArray::fromStdString(s.indicatorParamsJson)).object());
    return o;
}

} // namespace thetool::report
