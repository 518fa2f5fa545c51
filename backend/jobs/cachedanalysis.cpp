#include "backend/jobs/cachedanalysis.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

#include "backend/cache/cache.h"
#include "backend/jobs/tickeranalysis.h"

namespace thetool::jobs {

namespace {

constexpr int formatVersion = 1; // bump when the analysis or the encoding changes

QJsonValue number(double value)
{
    return qIsFinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

double numberOr(const QJsonValue &value, double fallback)
{
    return value.isDouble() ? value.toDouble() : fallback;
}

} // namespace

CachedAnalysis::CachedAnalysis(cache::Cache *cache)
    : m_cache(cache)
{ }

QString CachedAnalysis::key(
    const QString &ticker, const AnalyzeRequest &request, const market::PriceSeries &series)
{
    if (!series.ok() || series.bars.empty())
        return {};
    // QJsonObject keeps its keys sorted, so equal configurations hash equally.
    QJsonObject config = request.analysisConfig;
    config.insert(QStringLiteral("__capital"), request.capital);
    const QByteArray hash = QCryptographicHash::hash(
        QJsonDocument(config).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
                                .toHex()
                                .left(16);
    return QStringLiteral("analysis:v%1:%2:s%3:%4:%5:%6:%7:%8")
        .arg(formatVersion)
        .arg(ticker.toUpper())
        .arg(request.strategyId)
        .arg(QString::fromLatin1(hash), QString::fromStdString(series.bars.dates.back()))
        .arg(series.bars.size())
        .arg(series.dataSource, request.formulaProfile);
}

QByteArray CachedAnalysis::encode(const repo::ResultRow &row)
{
    const QJsonObject o {{QStringLiteral("score"), number(row.score)},
        {QStringLiteral("verdict"), row.verdict}, {QStringLiteral("entry"), number(row.entry)},
        {QStringLiteral("stop_loss"), number(row.stopLoss)}, {QStringLiteral("target"), number(row.target)},
        {QStringLiteral("position_size"), row.positionSize},
        {QStringLiteral("risk_reward_ratio"), number(row.riskRewardRatio)},
        {QStringLiteral("analysis_config"), row.analysisConfig}, {QStringLiteral("raw_data"), row.rawData},
        {QStringLiteral("data_source"), row.dataSource}, {QStringLiteral("is_demo_data"), row.isDemoData},
        {QStringLiteral("status"), row.status}, {QStringLiteral("error_message"), row.errorMessage}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool CachedAnalysis::decode(const QByteArray &bytes, repo::ResultRow *row)
{
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    const QJsonObject o = document.object();
    if (!document.isObject() || !o.value(QStringLiteral("verdict")).isString()
        || !o.value(QStringLiteral("status")).isString())
        return false;
    row->score = numberOr(o.value(QStringLiteral("score")), 0);
    row->verdict = o.value(QStringLiteral("verdict")).toString();
    row->entry = numberOr(o.value(QStringLiteral("entry")), qQNaN());
    row->stopLoss = numberOr(o.value(QStringLiteral("stop_loss")), qQNaN());
    row->target = numberOr(o.value(QStringLiteral("target")), qQNaN());
    row->positionSize = o.value(QStringLiteral("position_size")).toInteger();
    row->riskRewardRatio = numberOr(o.value(QStringLiteral("risk_reward_ratio")), 0);
    row->analysisConfig = o.value(QStringLiteral("analysis_config")).toString();
    row->rawData = o.value(QStringLiteral("raw_data")).toString();
    row->dataSource = o.value(QStringLiteral("data_source")).toString();
    row->isDemoData = o.value(QStringLiteral("is_demo_data")).toBool();
    row->status = o.value(QStringLiteral("status")).toString();
    row->errorMessage = o.value(QStringLiteral("error_message")).toString();
    return true;
}

std::optional<repo::ResultRow> CachedAnalysis::lookup(
    const QString &ticker, const AnalyzeRequest &request, const market::PriceSeries &series) const
{
    if (!m_cache)
        return std::nullopt;
    const QString cacheKey = key(ticker, request, series);
    if (cacheKey.isEmpty())
        return std::nullopt;
    const std::optional<QByteArray> bytes = m_cache->get(cacheKey);
    if (!bytes)
        return std::nullopt;
    // The row's own identity and times, as a computed row would have them.
    repo::ResultRow row = failedTicker(ticker, request, QString());
    if (!decode(*bytes, &row))
        return std::nullopt;
    return row;
}

void CachedAnalysis::store(const QString &ticker, const AnalyzeRequest &request,
    const market::PriceSeries &series, const repo::ResultRow &row) const
{
    if (!m_cache || row.status != QLatin1String("completed"))
        return;
    const QString cacheKey = key(ticker, request, series);
    if (!cacheKey.isEmpty())
        m_cache->put(cacheKey, encode(row));
}

repo::ResultRow CachedAnalysis::analyze(
    const QString &ticker, const AnalyzeRequest &request, const market::PriceSeries &series) const
{
    if (std::optional<repo::ResultRow> hit = lookup(ticker, request, series))
        return std::move(*hit);
    repo::ResultRow row = analyzeTicker(ticker, request, series);
    store(ticker, request, series, row);
    return row;
}

} // namespace thetool::jobs
