#include "backend/jobs/tickeranalysis.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "backend/analysis/analyzer.h"
#include "backend/repo/sqlsupport.h"
#include "backend/report/analysisjson.h"

namespace thetool::jobs {

namespace {

repo::ResultRow baseRow(const QString &ticker, const AnalyzeRequest &request)
{
    repo::ResultRow row;
    row.ticker = ticker;
    const qsizetype dot = ticker.lastIndexOf(QLatin1Char('.'));
    row.symbol = dot > 0 ? ticker.left(dot) : ticker;
    row.yahooSymbol = ticker;
    row.entryMethod = QStringLiteral("Market Order");
    row.analysisSource = QStringLiteral("watchlist");
    row.strategyId = request.strategyId;
    row.startedAt = repo::nowText();
    return row;
}

} // namespace

QString requestedPeriod(const AnalyzeRequest &request)
{
    const QString period = request.analysisConfig.value(QStringLiteral("data_period")).toString();
    return period.isEmpty() ? QStringLiteral("200d") : period;
}

repo::ResultRow failedTicker(const QString &ticker, const AnalyzeRequest &request, const QString &message)
{
    repo::ResultRow row = baseRow(ticker, request);
    row.verdict = QStringLiteral("Error");
    row.status = QStringLiteral("failed");
    row.errorMessage = message;
    row.entry = 0;
    row.stopLoss = 0;
    row.target = 0;
    row.analysisConfig =
        QString::fromUtf8(QJsonDocument(request.analysisConfig).toJson(QJsonDocument::Compact));
    row.rawData = QStringLiteral("[]");
    row.completedAt = repo::nowText();
    row.updatedAt = row.completedAt;
    return row;
}

repo::ResultRow analyzeTicker(
    const QString &ticker, const AnalyzeRequest &request, const market::PriceSeries &series)
{
    if (!series.ok()) {
        repo::ResultRow row = failedTicker(ticker, request, series.error);
        row.dataSource = series.dataSource;
        row.isDemoData = series.isDemo;
        return row;
    }
    analysis::AnalysisRequest input;
    input.ticker = ticker.toStdString();
    input.strategyId = request.strategyId;
    input.capital = request.capital;
    QString error;
    if (!report::parseAnalysisConfig(
            QJsonDocument(request.analysisConfig).toJson(QJsonDocument::Compact), input.config, &error))
        return failedTicker(ticker, request, QStringLiteral("bad analysis_config: ") + error);
    analysis::parseFormulaProfile(request.formulaProfile.toStdString(), input.profile);
    const analysis::AnalysisResult result = analysis::analyzeBars(series.bars, input);

    repo::ResultRow row = baseRow(ticker, request);
    row.score = result.score;
    row.verdict = QString::fromStdString(result.verdict);
    row.entry = result.entry;
    row.stopLoss = result.stop;
    row.target = result.target;
    row.positionSize = result.positionSize;
    row.riskRewardRatio = result.riskRewardRatio;
    row.analysisConfig = QString::fromUtf8(
        QJsonDocument(report::analysisConfigToJson(result.mergedConfig)).toJson(QJsonDocument::Compact));
    const QJsonObject json = report::analysisResultToJson(result);
    row.rawData = QString::fromUtf8(
        QJsonDocument(json.value(QStringLiteral("indicators")).toArray()).toJson(QJsonDocument::Compact));
    row.dataSource = series.dataSource;
    row.isDemoData = series.isDemo;
    row.status = result.success ? QStringLiteral("completed") : QStringLiteral("failed");
    if (!result.success)
        row.errorMessage = QString::fromStdString(result.error);
    row.completedAt = repo::nowText();
    row.updatedAt = row.completedAt;
    return row;
}

} // namespace thetool::jobs
