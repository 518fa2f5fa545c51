#pragma once

#include <QObject>
#include <QTimer>
#include <QUrl>

#include "client/api/apiclient.h"
#include "client/api/eventstream.h"

namespace thetool::client {

// The typed facade the screens use for the current connection (Transmission's Session):
// one ApiClient pointed at one server, periodic health, the server log followed with its
// cursor, and job events (SSE, else polling) — all as signals with small structs.
// Switching servers is connectTo(): every call of the previous server is dropped, so no
// stale answer reaches a screen, and sourceChanged() tells the screens to reload.
class Session : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Disconnected, // no server chosen
        Connecting, // connectTo() called, no answer yet
        Connected, // the last health poll answered
        Unreachable, // the last health poll failed (the session keeps trying)
    };
    Q_ENUM(State)

    // `client` outlives the session (the composition root owns both).
    explicit Session(ApiClient &client, QObject *parent = nullptr);
    ~Session() override;

    ApiClient &client() { return m_client; }
    QUrl url() const { return m_client.baseUrl(); }
    State state() const { return m_state; }
    HealthInfo lastHealth() const { return m_health; }
    // The round trip of the last health poll, in ms (-1 before the first answer).
    qint64 lastLatencyMs() const { return m_latencyMs; }

    // Points the client at `url` with `apiKey`, checks health, the key (one read call) and
    // the version, then polls health every healthInterval().
    void connectTo(const QUrl &url, const QString &apiKey);
    void disconnectFromServer();
    void refreshHealth();

    void setHealthInterval(int ms);
    int healthInterval() const { return m_healthTimer.interval(); }
    // This console's version, compared with the server's on connect (default: the build's).
    void setClientVersion(const QString &version) { m_clientVersion = version; }
    QString clientVersion() const { return m_clientVersion; }

    // Follows GET /api/logs with its cursor while on; emits logLines() with new records.
    void setLogsFollowing(bool on, const LogQuery &filter = {});
    bool logsFollowing() const { return m_logTimer.isActive(); }
    void setLogInterval(int ms) { m_logTimer.setInterval(ms); }

    // The job event reader (SSE, else polling) this session feeds jobsChanged() from.
    EventStream &events() { return m_events; }
    EventStream::Transport eventTransport() const { return m_events.transport(); }

    // Lower-level than the text: true when the major versions differ (either unknown: false).
    static bool isMajorMismatch(const QString &serverVersion, const QString &clientVersion);

Q_SIGNALS:
    // Another server (or none) is now the source: screens drop what they show and reload.
    void sourceChanged();
    void stateChanged(thetool::client::Session::State state);
    void healthUpdated(const thetool::client::HealthInfo &info);
    // Connecting failed, the key was refused, or a poll failed (once per distinct error).
    void connectionError(const thetool::client::ApiClientError &error);
    // The server's major version differs from this console's: a warning, not a refusal.
    void versionMismatch(const QString &serverVersion, const QString &clientVersion);
    // Job events in id order (created, progress, finished, log): update rows in place.
    void jobsChanged(const QList<thetool::client::JobEvent> &events);
    // New server log records, oldest first.
    void logLines(const QList<thetool::client::LogLine> &lines);
    // The log cursor was refused (the server restarted, or another instance answered):
    // the records that follow start a new sequence.
    void logsReset();
    // Job events now arrive by stream, by polling, or not at all (for the status bar).
    void eventTransportChanged(thetool::client::EventStream::Transport transport);

private:
    void setState(State state);
    void onHealth(const ApiResult<HealthInfo> &result);
    void reportError(const ApiClientError &error);
    void pollLogs();

    ApiClient &m_client;
    State m_state = State::Disconnected;
    HealthInfo m_health;
    qint64 m_latencyMs = -1;
    QString m_clientVersion;
    QTimer m_healthTimer;
    QTimer m_logTimer;
    ApiClient::CallId m_healthCall = 0;
    ApiClient::CallId m_logCall = 0;
    bool m_versionChecked = false;
    QString m_lastErrorText;
    LogQuery m_logFilter;
    QString m_logCursor;
    EventStream m_events;
};

} // namespace thetool::client
