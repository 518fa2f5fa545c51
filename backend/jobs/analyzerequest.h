#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace thetool::jobs {

// POST /api/analysis/analyze after validation (spec §2.2 with its FIXes: null means the
// default, strategy_id must be 1-5, the formula profile is ours).
struct AnalyzeRequest {
    QStringList tickers; // stripped, uppercased, in request order
    double capital = 100000.0;
    int strategyId = 1;
    bool force = false;
    bool useDemoData = false;
    QString formulaProfile = QStringLiteral("classic"); // classic | standard
    QJsonObject analysisConfig; // the original's analysis_config, nulls dropped

    // The job's config_json: everything a worker needs to run it on any instance.
    QJsonObject jobConfig() const;
    // The tickers as the original stored them (spec §4.2): sorted, Python's json.dumps.
    QString tickersJson() const;
};

// A refused request: pydantic-style entries {field, message, type} (spec §2.2 step 1).
struct AnalyzeValidation {
    QJsonArray errors;
    bool ok() const { return errors.isEmpty(); }
};

// Validates `body`; on failure `validation` holds the reasons and the request is unusable.
AnalyzeRequest parseAnalyzeRequest(const QJsonObject &body, AnalyzeValidation *validation);

// POST /api/stocks/analyze-all-stocks (spec §2.3): `symbols` optional (empty or null: all of
// `universe`), no exchange-suffix check and no maximum; capital up to 10,000,000; strategy
// 1-5 (FIX); `max_workers` 1-10.
struct BulkRequest {
    AnalyzeRequest analyze; // tickers are the symbols
    int maxWorkers = 5;
    bool wholeUniverse = false;
};
BulkRequest parseBulkRequest(
    const QJsonObject &body, const QStringList &universe, AnalyzeValidation *validation);

// The original's tickers_json for a bulk job: the list for up to 100 symbols, else the
// marker {"type": "bulk", "count": N, "strategy_id": S} (spec §4.2).
QString bulkTickersJson(const AnalyzeRequest &request);

// A job's config_json back into a request (the worker's side); false when unreadable.
bool analyzeRequestFromJobConfig(const QJsonObject &config, const QStringList &tickers, AnalyzeRequest *out);

// json.dumps(sorted(tickers)) with Python's separators: ["A.NS", "B.NS"].
QString pythonJsonList(QStringList tickers);

} // namespace thetool::jobs
