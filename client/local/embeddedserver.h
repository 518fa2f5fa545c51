#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <memory>

#include "client/local/embeddedfailure.h"

class QLockFile;

namespace thetool::client {

// Supervises the console's own server: `thetool serve --embedded` as a child process on
// 127.0.0.1 (a free port, reported back by the server's "listening" record), SQLite in the
// user's data folder, a fresh random API key per start handed over in the environment, lower
// CPU priority, and one console per data folder (a lock file). A crash is restarted with
// backoff; a refusal to start (the server names the reason) is reported, not retried.
class EmbeddedServer : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Restarting, Failed };
    Q_ENUM(State)

    struct Options {
        QString program; // empty: locateProgram()
        QString dataPath; // empty: QStandardPaths::AppDataLocation
        quint16 port = 0; // 0: a free port on each start
        int niceIncrement = 10;
        int startTimeoutMs = 60000;
        int stopTimeoutMs = 20000;
        QList<int> backoffMs {1000, 2000, 4000, 8000, 16000, 30000};
        int maxCrashesBeforeRunning = 3; // starts that end without ever listening
        int stableAfterMs = 60000; // running this long resets the backoff
        // For tests: RLIMIT_FSIZE on the child, so a "disk full" can be provoked without root
        // (SIGXFSZ is ignored there, so writes fail with EFBIG instead of killing it). 0: none.
        qint64 fileSizeLimitBytes = 0;
        // For tests: more variables for the child (a fake provider, worker count, ...).
        QHash<QString, QString> extraEnvironment;
    };

    EmbeddedServer();
    explicit EmbeddedServer(Options options, QObject *parent = nullptr);
    ~EmbeddedServer() override; // stops the server (SIGTERM, then waits)

    // THETOOL_SERVER_BIN, else <console dir>/../libexec/thetool/thetool (installed), else
    // <console dir>/thetool (the build tree).
    static QString locateProgram();
    static QString stateName(State state);

    void start();
    // SIGTERM and wait (queued and running jobs resume at the next start), then the lock is
    // released. Blocks up to stopTimeoutMs, then kills.
    void stop();

    State state() const { return m_state; }
    EmbeddedFailure failure() const { return m_failure; }
    QUrl url() const; // empty unless Running
    QString apiKey() const { return m_state == State::Running ? m_apiKey : QString(); }
    quint16 port() const { return m_port; }
    qint64 processId() const;
    int restartCount() const { return m_restarts; }
    QString dataPath() const { return m_options.dataPath; }
    QString program() const { return m_options.program; }
    QString logFilePath() const;
    // State, failure, paths, exit history and the last log lines: for "Copy diagnostics".
    QString diagnostics() const;

Q_SIGNALS:
    void stateChanged(thetool::client::EmbeddedServer::State state);

private:
    void spawn();
    void onOutput();
    void handleLine(const QByteArray &line);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onProcessError(QProcess::ProcessError error);
    void onStartTimeout();
    void fail(EmbeddedFailure::Reason reason, const QString &detail);
    void setState(State state);
    void releaseLock();
    void appendLog(const QByteArray &line);

    Options m_options;
    State m_state = State::Stopped;
    EmbeddedFailure m_failure;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<QProcess> m_process;
    QFile m_log;
    QByteArray m_pending; // a partial output line
    QStringList m_recentLines; // the tail of the output, for diagnostics
    QString m_apiKey;
    quint16 m_port = 0;
    EmbeddedFailure::Reason m_reportedReason = EmbeddedFailure::Reason::None;
    QString m_reportedDetail;
    QString m_lastExit;
    QTimer m_restartTimer;
    QTimer m_startTimer;
    QElapsedTimer m_runningFor;
    int m_backoffIndex = 0;
    int m_crashesBeforeRunning = 0;
    int m_restarts = 0;
    bool m_stopping = false;
};

} // namespace thetool::client
