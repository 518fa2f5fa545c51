#pragma once

#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace thetool::ui {

class OpsApi;

// Follows the server's job events through GET /api/events/poll with its cursor. It first
// catches up silently (the screens load current state themselves), then emits each new
// event once. Polls fast while someone watches and slowly otherwise.
class EventPoller : public QObject
{
    Q_OBJECT

public:
    explicit EventPoller(OpsApi &api, QObject *parent = nullptr);

    void start();
    void setIntervalMs(int ms) { m_timer.setInterval(ms); }
    bool caughtUp() const { return m_caughtUp; }

Q_SIGNALS:
    // type is job.created, job.progress, job.finished or job.log (docs/events.md).
    void jobEvent(const QString &type, const QString &jobId, const QJsonObject &data);

private:
    void poll();

    OpsApi &m_api;
    QTimer m_timer;
    qint64 m_after = 0;
    bool m_inFlight = false;
    bool m_caughtUp = false;
};

} // namespace thetool::ui
