#include "backend/ops/cleanupreport.h"

#include <QStringList>

namespace thetool::ops {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonObject toObject(const QMap<QString, qint64> &counts)
{
    QJsonObject out;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

} // namespace

qint64 CleanupReport::total() const
{
    qint64 sum = 0;
    for (qint64 n : tables)
        sum += n;
    return sum;
}

QJsonObject CleanupReport::toJson() const
{
    return {
        {QStringLiteral("dry_run"), dryRun},
        {QStringLiteral("now"), now},
        {QStringLiteral("policy"),
            QJsonObject {{QStringLiteral("cleanup_days"), policy.cleanupDays},
                {QStringLiteral("results_retention_days"), policy.resultsRetentionDays},
                {QStringLiteral("price_bars_retention_days"), policy.priceBarsRetentionDays}}},
        {QStringLiteral("cutoffs"),
            QJsonObject {{QStringLiteral("jobs"), jobsCutoff},
                {QStringLiteral("results"), orNull(resultsCutoff)},
                {QStringLiteral("price_bars"), orNull(priceBarsCutoff)}}},
        {QStringLiteral("tables"), toObject(tables)},
        {QStringLiteral("jobs_by_state"), toObject(jobsByState)},
        {QStringLiteral("results_detached"), resultsDetached},
        {QStringLiteral("price_bar_symbols"), priceBarSymbols},
        {QStringLiteral("total"), total()},
        {QStringLiteral("duration_ms"), durationMs},
    };
}

QString CleanupReport::toText() const
{
    QStringList lines;
    lines << (dryRun ? QStringLiteral("would delete (dry run):") : QStringLiteral("deleted:"));
    for (auto it = tables.cbegin(); it != tables.cend(); ++it)
        lines << QStringLiteral("  %1 %2").arg(it.key().leftJustified(18)).arg(it.value(), 10);
    for (auto it = jobsByState.cbegin(); it != jobsByState.cend(); ++it)
        lines << QStringLiteral("  jobs %1 %2").arg(it.key().leftJustified(13)).arg(it.value(), 10);
    lines << QStringLiteral("  total              %1").arg(total(), 10);
    lines << QStringLiteral("jobs finished before %1 (CLEANUP_DAYS=%2)")
                 .arg(jobsCutoff)
                 .arg(policy.cleanupDays);
    lines << (resultsCutoff.isEmpty()
            ? QStringLiteral("analysis results are kept (RESULTS_RETENTION_DAYS=0); %1 lose their job link")
                  .arg(resultsDetached)
            : QStringLiteral("analysis results created before %1 (RESULTS_RETENTION_DAYS=%2)")
                  .arg(resultsCutoff)
                  .arg(policy.resultsRetentionDays));
    lines << (priceBarsCutoff.isEmpty()
            ? QStringLiteral("price bars are kept (PRICE_BARS_RETENTION_DAYS=0)")
            : QStringLiteral("price bars of %1 provider symbols last fetched before %2")
                  .arg(priceBarSymbols)
                  .arg(priceBarsCutoff));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace thetool::ops
