#include "client/api/jobfilter.h"

namespace thetool::client {

QUrlQuery JobFilter::toQuery() const
{
    QUrlQuery q;
    const auto add = [&q](const char *key, const QString &value) {
        if (!value.isEmpty())
            q.addQueryItem(QString::fromLatin1(key), value);
    };
    add("status", status);
    add("kind", kind);
    add("ticker", ticker);
    add("correlation_id", correlationId);
    if (createdFrom.isValid())
        add("created_from", createdFrom.toUTC().toString(Qt::ISODateWithMs));
    if (createdTo.isValid())
        add("created_to", createdTo.toUTC().toString(Qt::ISODateWithMs));
    if (limit > 0)
        add("limit", QString::number(limit));
    add("cursor", cursor);
    return q;
}

} // namespace thetool::client
