#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backend/analysis/analysisconfig.h"
#include "backend/analysis/bars.h"
#include "backend/analysis/indicatorseries.h"
#include "backend/analysis/indicatorvote.h"
#include "backend/analysis/strategy5overlay.h"

namespace thetool::analysis {

// What to analyse and how (the arguments of the original's analyze_ticker).
struct AnalysisRequest {
    std::string ticker;
    int strategyId = 1; // unknown ids run Strategy 1 but are reported as given
    std::optional<double> capital; // the request config's `capital` wins when non-zero
    AnalysisConfig config;
    FormulaProfile profile = FormulaProfile::Classic;
};

// The result object of spec §8.10, values already rounded as reported (score 3
// decimals; entry, stop, target, R:R 2 decimals).
struct AnalysisResult {
    std::string ticker;
    bool success = false;
    double score = 0.0;
    std::string verdict = "Error";
    std::string signal = "HOLD";
    double entry = 0.0;
    double stop = 0.0;
    double target = 0.0;
    double riskRewardRatio = 0.0;
    long long positionSize = 0;
    std::vector<IndicatorResult> indicators;
    bool dataValid = false;
    std::string dataMessage;
    std::vector<std::string> dataWarnings;
    bool riskValid = false;
    std::string riskMessage;
    std::optional<int> strategyId; // absent in error results
    std::string strategyName;
    std::optional<Strategy5Validation> validation; // Strategy 5 with a Buy/Strong Buy verdict
    std::string error; // error results only
    FormulaProfile profile = FormulaProfile::Classic;
    AnalysisConfig mergedConfig; // the request config after §8.1 (what gets stored)
};

// Analyses `bars` (oldest first) as the original's analyze_ticker does after its fetch.
AnalysisResult analyzeBars(const Bars &bars, const AnalysisRequest &request);

// The error result of spec §8.10.
AnalysisResult errorResult(const std::string &ticker, const std::string &message);

} // namespace thetool::analysis
