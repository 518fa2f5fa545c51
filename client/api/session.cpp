#include "client/api/session.h"

#include "thetool_buildinfo.h"

namespace thetool::client {

Session::Session(ApiClient &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_clientVersion(QStringLiteral(THETOOL_VERSION))
    , m_events(client)
{
    qRegisterMetaType<HealthInfo>();
    qRegisterMetaType<ApiClientError>();
    qRegisterMetaType<JobEvent>();
    qRegisterMetaType<LogLine>();
    m_healthTimer.setInterval(5000);
    m_logTimer.setInterval(2000);
    connect(&m_healthTimer, &QTimer::timeout, this, &Session::refreshHealth);
    connect(&m_logTimer, &QTimer::timeout, this, &Session::pollLogs);
    connect(&m_events, &EventStream::eventsReceived, this, &Session::jobsChanged);
    connect(&m_events, &EventStream::transportChanged, this, &Session::eventTransportChanged);
}

Session::~Session()
{
    m_events.disconnect(this); // no signal of a session being destroyed
    m_events.stop();
}

void Session::connectTo(const QUrl &url, const QString &apiKey)
{
    m_events.stop();
    m_client.setServer(url, apiKey); // drops every call of the previous server
    m_healthCall = 0;
    m_logCall = 0;
    m_logCursor.clear();
    m_versionChecked = false;
    m_lastErrorText.clear();
    m_health = {};
    m_latencyMs = -1;
    setState(State::Connecting);
    Q_EMIT sourceChanged();
    refreshHealth();
    // /health is public: one read call proves the key (401 / 403 surface here).
    JobFilter probe;
    probe.limit = 1;
    m_client.jobs(probe, this, [this](const ApiResult<JobPage> &result) {
        if (!result.ok() && !result.error().isTransport())
            reportError(result.error());
    });
    m_healthTimer.start();
    m_events.start(); // from now on
}

void Session::disconnectFromServer()
{
    m_healthTimer.stop();
    m_logTimer.stop();
    m_events.stop();
    m_client.setServer({}, {});
    m_healthCall = 0;
    m_logCall = 0;
    m_health = {};
    setState(State::Disconnected);
    Q_EMIT sourceChanged();
}

void Session::setHealthInterval(int ms)
{
    m_healthTimer.setInterval(ms);
}

void Session::refreshHealth()
{
    if (m_state == State::Disconnected || m_healthCall != 0)
        return; // one poll at a time: a slow server is not queued up with more
    CallOptions options;
    options.timeoutMs = qMin(m_client.defaultTimeout(), qMax(2000, m_healthTimer.interval() * 2));
    m_healthCall = m_client.health(
        this,
        [this](const ApiResult<HealthInfo> &result) {
            m_healthCall = 0;
            onHealth(result);
        },
        options);
}

void Session::onHealth(const ApiResult<HealthInfo> &result)
{
    if (!result.ok()) {
        setState(State::Unreachable);
        reportError(result.error());
        return;
    }
    m_health = result.value();
    m_latencyMs = result.elapsedMs();
    m_lastErrorText.clear();
    setState(State::Connected);
    if (!m_versionChecked) {
        m_versionChecked = true;
        if (isMajorMismatch(m_health.versionNumber(), m_clientVersion))
            Q_EMIT versionMismatch(m_health.version, m_clientVersion);
    }
    Q_EMIT healthUpdated(m_health);
}

bool Session::isMajorMismatch(const QString &serverVersion, const QString &clientVersion)
{
    const int server = HealthInfo::majorVersionOf(serverVersion.section(QLatin1Char(' '), 0, 0));
    const int client = HealthInfo::majorVersionOf(clientVersion.section(QLatin1Char(' '), 0, 0));
    return server >= 0 && client >= 0 && server != client;
}

void Session::reportError(const ApiClientError &error)
{
    const QString text = error.toString();
    if (text == m_lastErrorText)
        return; // a server that stays down is reported once, not every poll
    m_lastErrorText = text;
    Q_EMIT connectionError(error);
}

void Session::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Session::setLogsFollowing(bool on, const LogQuery &filter)
{
    if (!on) {
        m_logTimer.stop();
        if (m_logCall)
            m_client.cancel(m_logCall);
        m_logCall = 0;
        return;
    }
    m_logFilter = filter;
    m_logCursor = filter.after;
    m_logTimer.start();
    pollLogs();
}

void Session::pollLogs()
{
    if (m_state == State::Disconnected || m_logCall != 0)
        return;
    LogQuery query = m_logFilter;
    query.after = m_logCursor;
    m_logCall = m_client.serverLogs(query, this, [this](const ApiResult<ServerLogPage> &result) {
        m_logCall = 0;
        if (!result.ok()) {
            const QString code = result.error().code;
            if (code == QLatin1String("FOREIGN_CURSOR") || code == QLatin1String("INVALID_CURSOR")) {
                // Another instance or a restarted server: its sequence starts again.
                m_logCursor.clear();
                Q_EMIT logsReset();
                pollLogs();
            }
            return; // transport errors show through the health poll
        }
        const ServerLogPage &page = result.value();
        if (!page.nextAfter.isEmpty())
            m_logCursor = page.nextAfter;
        if (!page.records.isEmpty())
            Q_EMIT logLines(page.records);
        if (page.hasMore && m_logTimer.isActive())
            pollLogs();
    });
}

} // namespace thetool::client
