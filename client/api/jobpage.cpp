#include "client/api/jobpage.h"

#include "client/api/jsonreader.h"

namespace thetool::client {

namespace {
QMap<QString, int> countsOf(const QJsonObject &object)
{
    QMap<QString, int> counts;
    for (auto it = object.begin(); it != object.end(); ++it)
        counts.insert(it.key(), it.value().toInt());
    return counts;
}
} // namespace

std::optional<JobPage> JobPage::fromJson(const QJsonObject &object, QString *error)
{
    JsonReader r(object, QStringLiteral("job list"));
    JobPage page;
    const QJsonArray jobs = r.requiredArray(QStringLiteral("jobs"));
    page.count = int(r.requiredInteger(QStringLiteral("count")));
    page.nextCursor = r.string(QStringLiteral("next_cursor"));
    page.counts = countsOf(r.object(QStringLiteral("counts")));
    const QJsonObject byKind = r.object(QStringLiteral("counts_by_kind"));
    for (auto it = byKind.begin(); it != byKind.end(); ++it)
        page.countsByKind.insert(it.key(), countsOf(it.value().toObject()));
    for (const QJsonValue &v : jobs) {
        QString why;
        const auto job = JobSummary::fromJson(v.toObject(), &why);
        if (!job) {
            r.fail(why);
            break;
        }
        page.jobs.append(*job);
    }
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return page;
}

} // namespace thetool::client
