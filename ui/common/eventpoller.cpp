#include "ui/common/eventpoller.h"

#include <QJsonArray>

#include "ui/common/opsapi.h"

namespace thetool::ui {

EventPoller::EventPoller(OpsApi &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &EventPoller::poll);
}

void EventPoller::start()
{
    m_timer.start();
    poll();
}

void EventPoller::poll()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::number(m_after));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    m_api.get(QStringLiteral("/api/events/poll"), query, this, [this](const ApiResult &r) {
        m_inFlight = false;
        if (!r.ok)
            return; // the next tick tries again; the dashboard shows the connection state
        const bool emitting = m_caughtUp;
        for (const QJsonValue &v : r.body.value(QLatin1String("events")).toArray()) {
            const QJsonObject e = v.toObject();
            if (emitting)
                Q_EMIT jobEvent(e.value(QLatin1String("type")).toString(),
                    e.value(QLatin1String("job_id")).toString(), e.value(QLatin1String("data")).toObject());
        }
        m_after = qMax(m_after, r.body.value(QLatin1String("next_after")).toInteger());
        const bool more = r.body.value(QLatin1String("has_more")).toBool();
        if (!more)
            m_caughtUp = true;
        if (more)
            QTimer::singleShot(0, this, &EventPoller::poll);
    });
}

} // namespace thetool::ui
