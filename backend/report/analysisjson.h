#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include "backend/analysis/analysisconfig.h"
#include "backend/analysis/analyzer.h"
#include "backend/analysis/strategy.h"

namespace thetool::report {

// The analysis result as the JSON object of spec §8.10.
QJsonObject analysisResultToJson(const analysis::AnalysisResult &result);

// A request configuration from JSON text (an object). Nulls read as absent (spec §8.1 fix);
// a value of the wrong type is an error naming the key. The order of `enabled_indicators`
// keys is kept: it decides the order of the indicators in the result.
bool parseAnalysisConfig(const QByteArray &json, analysis::AnalysisConfig &config, QString *error);

// The configuration (typically after withStrategyDefaults) as JSON, absent keys left out.
QJsonObject analysisConfigToJson(const analysis::AnalysisConfig &config);

// A strategy's summary as `/api/strategies/<id>/weights` reports it.
QJsonObject strategyToJson(const analysis::Strategy &strategy);

} // namespace thetool::report
