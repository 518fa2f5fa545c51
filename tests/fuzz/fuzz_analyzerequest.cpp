// libFuzzer target: the JSON bodies of POST /api/analysis/analyze and
// POST /api/stocks/analyze-all-stocks through their validation (backend/jobs/analyzerequest).
// Arbitrary JSON must end in either validation errors ({field, message, type} each) or a
// request the workers can run, whose job config reads back to the same request.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

#include "backend/jobs/analyzerequest.h"

namespace {

using namespace thetool::jobs;

void checkErrors(const AnalyzeValidation &validation)
{
    for (const QJsonValue &entry : validation.errors) {
        const QJsonObject error = entry.toObject();
        if (!error.value(QStringLiteral("message")).isString() || !error.contains(QStringLiteral("type")))
            __builtin_trap();
    }
}

void checkRunnable(const AnalyzeRequest &request)
{
    if (request.tickers.isEmpty() || request.strategyId < 1 || request.strategyId > 5)
        __builtin_trap();
    if (request.formulaProfile != QLatin1String("classic")
        && request.formulaProfile != QLatin1String("standard"))
        __builtin_trap();
    // The job row stores the config as JSON text; the worker parses it back.
    const QJsonObject stored = QJsonDocument::fromJson(QJsonDocument(request.jobConfig()).toJson()).object();
    AnalyzeRequest back;
    if (!analyzeRequestFromJobConfig(stored, request.tickers, &back))
        __builtin_trap();
    if (back.tickers != request.tickers || back.strategyId != request.strategyId
        || back.formulaProfile != request.formulaProfile || back.capital != request.capital)
        __builtin_trap();
    (void)request.tickersJson();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    // The first byte picks the body's endpoint; the rest is the body.
    const bool isBulk = (data[0] & 1) != 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (!document.isObject())
        return 0; // the route refuses it before validation (HttpRequest::jsonObject)
    AnalyzeValidation validation;
    if (isBulk) {
        static const QStringList universe {
            QStringLiteral("RELIANCE.NS"), QStringLiteral("TCS.NS"), QStringLiteral("INFY.NS")};
        const BulkRequest request = parseBulkRequest(document.object(), universe, &validation);
        checkErrors(validation);
        if (validation.ok()) {
            if (request.maxWorkers < 1 || request.maxWorkers > 10)
                __builtin_trap();
            if (request.wholeUniverse && request.analyze.tickers.size() != universe.size())
                __builtin_trap();
            checkRunnable(request.analyze);
            (void)bulkTickersJson(request.analyze);
        }
    } else {
        const AnalyzeRequest request = parseAnalyzeRequest(document.object(), &validation);
        checkErrors(validation);
        if (validation.ok())
            checkRunnable(request);
    }
    return 0;
}
