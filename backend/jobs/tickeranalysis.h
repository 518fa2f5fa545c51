#pragma once

#include <QString>

#include "backend/jobs/analyzerequest.h"
#include "backend/market/priceseries.h"
#include "backend/repo/resultrepository.h"

namespace thetool::jobs {

// The data period a request asks for (analysis_config.data_period, default 200d).
QString requestedPeriod(const AnalyzeRequest &request);

// Analyses one ticker's bars and returns the analysis_results row (spec §8.12 with its
// FIXes: job_id set, the real data_source and is_demo_data, status 'failed' for Error rows).
// Pure computation: safe on any thread.
repo::ResultRow analyzeTicker(
    const QString &ticker, const AnalyzeRequest &request, const market::PriceSeries &series);

// The row of a ticker that could not be analysed (`reason` such as "timeout" leads the message).
repo::ResultRow failedTicker(const QString &ticker, const AnalyzeRequest &request, const QString &message);

} // namespace thetool::jobs
