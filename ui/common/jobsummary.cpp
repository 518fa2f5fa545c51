#include "ui/common/jobsummary.h"

#include <QJsonArray>

#include "ui/common/displayformat.h"

namespace thetool::ui {

JobSummary JobSummary::fromJson(const QJsonObject &o)
{
    JobSummary j;
    j.jobId = o.value(QLatin1String("job_id")).toString();
    j.kind = o.value(QLatin1String("kind")).toString();
    j.status = o.value(QLatin1String("status")).toString();
    j.total = o.value(QLatin1String("total")).toInt();
    j.completed = o.value(QLatin1String("completed")).toInt();
    j.successful = o.value(QLatin1String("successful")).toInt();
    j.progress = o.value(QLatin1String("progress")).toInt();
    for (const QJsonValue &t : o.value(QLatin1String("tickers")).toArray())
        j.tickers.append(t.toString());
    j.tickerCount = o.value(QLatin1String("ticker_count")).toInt(int(j.tickers.size()));
    j.correlationId = o.value(QLatin1String("correlation_id")).toString();
    j.attempt = o.value(QLatin1String("attempt")).toInt();
    j.error = o.value(QLatin1String("error")).toString();
    j.currentTicker = o.value(QLatin1String("current_ticker")).toString();
    j.createdAt = display::parseTime(o.value(QLatin1String("created_at")));
    j.startedAt = display::parseTime(o.value(QLatin1String("started_at")));
    j.completedAt = display::parseTime(o.value(QLatin1String("completed_at")));
    j.retryOf = o.value(QLatin1String("retry_of")).toString();
    const QJsonValue duration = o.value(QLatin1String("duration_seconds"));
    if (duration.isDouble())
        j.durationSeconds = duration.toDouble();
    return j;
}

bool JobSummary::applyEvent(const QJsonObject &data)
{
    const JobSummary before = *this;
    auto setInt = [&data](const char *key, int *field) {
        const QJsonValue v = data.value(QLatin1String(key));
        if (v.isDouble())
            *field = v.toInt();
    };
    const QString newStatus = data.value(QLatin1String("status")).toString();
    if (!newStatus.isEmpty())
        status = newStatus;
    setInt("total", &total);
    setInt("completed", &completed);
    setInt("successful", &successful);
    setInt("progress", &progress);
    setInt("attempt", &attempt);
    if (data.contains(QLatin1String("current_ticker")))
        currentTicker = data.value(QLatin1String("current_ticker")).toString();
    if (data.contains(QLatin1String("error")))
        error = data.value(QLatin1String("error")).toString();
    // A finished event carries no progress field: a completed job is 100 %.
    if (status == QLatin1String("completed") && total > 0 && completed >= total)
        progress = 100;
    return before.status != status || before.completed != completed || before.successful != successful
        || before.progress != progress || before.currentTicker != currentTicker || before.error != error
        || before.attempt != attempt || before.total != total;
}

QStringList JobSummary::statuses()
{
    return {QStringLiteral("queued"), QStringLiteral("processing"), QStringLiteral("completed"),
        QStringLiteral("failed"), QStringLiteral("cancelled")};
}

QStringList JobSummary::kinds()
{
    return {QStringLiteral("analysis"), QStringLiteral("bulk_analysis"), QStringLiteral("backtest"),
        QStringLiteral("cleanup")};
}

} // namespace thetool::ui
