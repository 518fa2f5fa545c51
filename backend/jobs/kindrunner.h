#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

namespace thetool::jobs {

// What a job of a kind other than analysis returns: its result document (stored in
// analysis_jobs.result_json) and, when it failed, why.
struct KindResult {
    bool ok = false;
    QJsonObject result;
    QString error;
};

// Runs one job of a registered kind (e.g. an asynchronous backtest) on a worker's thread,
// with that thread's database connection. `config` is the job's config_json.
using KindRunner = std::function<KindResult(const QJsonObject &config)>;

} // namespace thetool::jobs
