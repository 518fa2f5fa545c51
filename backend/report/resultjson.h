#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include "backend/repo/resultrepository.h"

namespace thetool::report {

// The stored indicator results of a row (its raw_data: the JSON array of spec §8.12, or an
// object holding it as "indicators"); unreadable JSON gives [] as in the original.
QJsonArray storedIndicators(const repo::ResultRow &row);

// A row's analysis_config as JSON: the stored object, or null when absent or unreadable.
QJsonValue storedAnalysisConfig(const repo::ResultRow &row);

// One entry of GET /api/analysis/history/{ticker} (spec §2.2): NULL position_size and
// risk_reward_ratio read 0, a NULL strategy_id reads 5 (the original's quirk, kept).
QJsonObject historyEntryJson(const repo::ResultRow &row);

// GET /api/analysis/report/{ticker}: `askedTicker` is echoed as the client wrote it.
QJsonObject reportJson(const QString &askedTicker, const repo::ResultRow &row);

} // namespace thetool::report
