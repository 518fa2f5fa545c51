#include "client/local/embeddedserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace thetool::client {

namespace {

constexpr qint64 logRotateBytes = 5 * 1024 * 1024;
constexpr int recentLineCount = 200;

// The child is configured by the supervisor alone: nothing from the console's environment
// (a DATABASE_URL, a PORT) may point the embedded server elsewhere.
QProcessEnvironment childEnvironment()
{
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    QProcessEnvironment env;
    for (const char *name :
        {"PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"}) {
        const QString key = QString::fromLatin1(name);
        if (system.contains(key))
            env.insert(key, system.value(key));
    }
    return env;
}

QString randomKey()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return QStringLiteral("tt_embedded_") + QString::fromLatin1(bytes.toHex());
}

} // namespace

EmbeddedServer::EmbeddedServer()
    : EmbeddedServer(Options {})
{ }

EmbeddedServer::EmbeddedServer(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    if (m_options.program.isEmpty())
        m_options.program = locateProgram();
    if (m_options.dataPath.isEmpty())
        m_options.dataPath = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (m_options.backoffMs.isEmpty())
        m_options.backoffMs = {1000};
    m_restartTimer.setSingleShot(true);
    m_startTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, [this] {
        ++m_restarts;
        spawn();
    });
    connect(&m_startTimer, &QTimer::timeout, this, &EmbeddedServer::onStartTimeout);
}

EmbeddedServer::~EmbeddedServer()
{
    const QSignalBlocker blocker(this); // whoever listened may be gone already
    stop();
}

QString EmbeddedServer::locateProgram()
{
    const QString fromEnv = qEnvironmentVariable("THETOOL_SERVER_BIN");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QDir here(QCoreApplication::applicationDirPath());
    const QString installed = here.absoluteFilePath(QStringLiteral("../libexec/thetool/thetool"));
    if (QFileInfo(installed).isExecutable())
        return QDir::cleanPath(installed);
    return here.absoluteFilePath(QStringLiteral("thetool"));
}

QString EmbeddedServer::stateName(State state)
{
    switch (state) {
    case State::Stopped:
        return QStringLiteral("stopped");
    case State::Starting:
        return QStringLiteral("starting");
    case State::Running:
        return QStringLiteral("running");
    case State::Restarting:
        return QStringLiteral("restarting");
    case State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QUrl EmbeddedServer::url() const
{
    if (m_state != State::Running)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

qint64 EmbeddedServer::processId() const
{
    return m_process ? m_process->processId() : 0;
}

QString EmbeddedServer::logFilePath() const
{
    return QDir(m_options.dataPath).filePath(QStringLiteral("logs/embedded-server.log"));
}

void EmbeddedServer::start()
{
    if (m_state == State::Starting || m_state == State::Running || m_state == State::Restarting)
        return;
    m_failure = {};
    m_stopping = false;
    m_backoffIndex = 0;
    m_crashesBeforeRunning = 0;
    const QFileInfo program(m_options.program);
    if (!program.isFile() || !program.isExecutable()) {
        fail(EmbeddedFailure::Reason::ProgramMissing,
            QStringLiteral("no executable server program at %1").arg(m_options.program));
        return;
    }
    if (!QDir().mkpath(m_options.dataPath)) {
        fail(EmbeddedFailure::Reason::DataFolderNotWritable,
            QStringLiteral("cannot create the folder %1").arg(m_options.dataPath));
        return;
    }
    // One console per data folder: two servers on one SQLite file would both run its jobs.
    m_lock = std::make_unique<QLockFile>(QDir(m_options.dataPath).filePath(QStringLiteral("console.lock")));
    m_lock->setStaleLockTime(0); // a lock whose process is gone is stale, however young
    if (!m_lock->tryLock(0)) {
        const QLockFile::LockError error = m_lock->error();
        qint64 pid = 0;
        QString host;
        QString app;
        m_lock->getLockInfo(&pid, &host, &app);
        m_lock.reset();
        if (error == QLockFile::LockFailedError)
            fail(EmbeddedFailure::Reason::AlreadyRunning,
                QStringLiteral("the lock %1 is held by process %2 on %3")
                    .arg(QDir(m_options.dataPath).filePath(QStringLiteral("console.lock")))
                    .arg(pid)
                    .arg(host));
        else
            fail(error == QLockFile::PermissionError ? EmbeddedFailure::Reason::DataFolderNotWritable
                                                     : EmbeddedFailure::Reason::Other,
                QStringLiteral("cannot create a lock file in %1").arg(m_options.dataPath));
        return;
    }
    QDir().mkpath(QFileInfo(logFilePath()).absolutePath());
    m_log.close();
    if (QFileInfo(logFilePath()).size() > logRotateBytes) {
        QFile::remove(logFilePath() + QStringLiteral(".1"));
        QFile::rename(logFilePath(), logFilePath() + QStringLiteral(".1"));
    }
    m_log.setFileName(logFilePath());
    if (!m_log.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        m_recentLines.append(
            QStringLiteral("(cannot write the log file %1: %2)").arg(logFilePath(), m_log.errorString()));
    spawn();
}

void EmbeddedServer::spawn()
{
    m_apiKey = randomKey();
    m_port = 0;
    m_pending.clear();
    m_reportedReason = EmbeddedFailure::Reason::None;
    m_reportedDetail.clear();

    QProcessEnvironment env = childEnvironment();
    for (auto it = m_options.extraEnvironment.cbegin(); it != m_options.extraEnvironment.cend(); ++it)
        env.insert(it.key(), it.value());
    env.insert(QStringLiteral("APP_ENV"), QStringLiteral("production"));
    env.insert(QStringLiteral("MASTER_API_KEY"), m_apiKey); // never on the command line
    env.insert(QStringLiteral("DATA_PATH"), m_options.dataPath);
    env.insert(QStringLiteral("PORT"), QString::number(m_options.port));
    env.insert(QStringLiteral("LOG_FORMAT"), QStringLiteral("json"));
    env.insert(QStringLiteral("SHUTDOWN_TIMEOUT"), QString::number(qMax(1, m_options.stopTimeoutMs / 2000)));

    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(env);
    m_process->setWorkingDirectory(m_options.dataPath);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    const int nice = m_options.niceIncrement;
    const qint64 fileLimit = m_options.fileSizeLimitBytes;
    // Runs in the child between fork and exec: async-signal-safe calls only.
    m_process->setChildProcessModifier([nice, fileLimit] {
        // A console that dies without stopping it (a crash, SIGKILL) still ends its server.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (nice > 0)
            ::setpriority(PRIO_PROCESS, 0, nice);
        if (fileLimit > 0) {
            ::signal(SIGXFSZ, SIG_IGN);
            const rlimit limit {static_cast<rlim_t>(fileLimit), static_cast<rlim_t>(fileLimit)};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        }
    });
    connect(m_process.get(), &QProcess::readyRead, this, &EmbeddedServer::onOutput);
    connect(m_process.get(), &QProcess::finished, this, &EmbeddedServer::onFinished);
    connect(m_process.get(), &QProcess::errorOccurred, this, &EmbeddedServer::onProcessError);
    setState(State::Starting);
    m_startTimer.start(m_options.startTimeoutMs);
    m_process->start(m_options.program, {QStringLiteral("serve"), QStringLiteral("--embedded")});
}

void EmbeddedServer::onOutput()
{
    if (!m_process)
        return;
    m_pending += m_process->readAll();
    qsizetype newline = 0;
    while ((newline = m_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_pending.left(newline);
        m_pending.remove(0, newline + 1);
        handleLine(line);
    }
}

void EmbeddedServer::handleLine(const QByteArray &line)
{
    appendLog(line);
    const QJsonDocument document = QJsonDocument::fromJson(line);
    if (!document.isObject())
        return;
    const QJsonObject record = document.object();
    const QString event = record.value(QStringLiteral("event")).toString();
    if (event == QLatin1String("listening") && m_state == State::Starting) {
        m_port = static_cast<quint16>(record.value(QStringLiteral("port")).toInt());
        m_startTimer.stop();
        m_crashesBeforeRunning = 0;
        m_runningFor.start();
        setState(State::Running);
    } else if (event == QLatin1String("startup_failed")) {
        m_reportedReason =
            EmbeddedFailure::reasonFromServer(record.value(QStringLiteral("reason")).toString());
        m_reportedDetail = record.value(QStringLiteral("message")).toString();
    }
}

void EmbeddedServer::appendLog(const QByteArray &line)
{
    if (m_log.isOpen()) {
        m_log.write(QByteArray(line + '\n'));
        m_log.flush();
    }
    m_recentLines.append(QString::fromUtf8(line));
    while (m_recentLines.size() > recentLineCount)
        m_recentLines.removeFirst();
}

void EmbeddedServer::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onOutput();
    if (!m_pending.isEmpty()) {
        handleLine(m_pending);
        m_pending.clear();
    }
    m_startTimer.stop();
    m_lastExit = status == QProcess::CrashExit ? QStringLiteral("ended by a signal (crash or kill)")
                                               : QStringLiteral("exited with code %1").arg(exitCode);
    appendLog(QStringLiteral("[console] the server process %1").arg(m_lastExit).toUtf8());
    // Deleting the QProcess inside its own signal is not allowed; later is.
    if (m_process)
        m_process.release()->deleteLater();
    if (m_stopping)
        return;
    if (m_reportedReason != EmbeddedFailure::Reason::None) {
        fail(m_reportedReason, m_reportedDetail);
        return;
    }
    const bool wasRunning = m_state == State::Running;
    if (wasRunning && m_runningFor.elapsed() >= m_options.stableAfterMs)
        m_backoffIndex = 0;
    if (!wasRunning && ++m_crashesBeforeRunning >= m_options.maxCrashesBeforeRunning) {
        fail(EmbeddedFailure::Reason::Crashed,
            QStringLiteral("it %1 %2 times in a row before it was ready")
                .arg(m_lastExit)
                .arg(m_crashesBeforeRunning));
        return;
    }
    const int delay =
        m_options.backoffMs.at(qMin(m_backoffIndex, static_cast<int>(m_options.backoffMs.size()) - 1));
    ++m_backoffIndex;
    m_port = 0;
    setState(State::Restarting);
    m_restartTimer.start(delay);
}

void EmbeddedServer::onProcessError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_stopping)
        return; // a crash arrives through finished()
    const QString reason = m_process ? m_process->errorString() : QString();
    m_startTimer.stop();
    if (m_process)
        m_process.release()->deleteLater();
    fail(EmbeddedFailure::Reason::ProgramMissing, QStringLiteral("%1: %2").arg(m_options.program, reason));
}

void EmbeddedServer::onStartTimeout()
{
    if (!m_process || m_state != State::Starting)
        return;
    m_reportedReason = EmbeddedFailure::Reason::StartTimeout;
    m_reportedDetail =
        QStringLiteral("no \"listening\" record within %1 s").arg(m_options.startTimeoutMs / 1000);
    m_process->kill(); // finished() reports it
}

void EmbeddedServer::fail(EmbeddedFailure::Reason reason, const QString &detail)
{
    m_failure.reason = reason;
    m_failure.message = EmbeddedFailure::describe(reason, m_options.dataPath, m_options.port);
    m_failure.detail = detail;
    m_restartTimer.stop();
    m_port = 0;
    appendLog(QStringLiteral("[console] %1: %2").arg(m_failure.message, detail).toUtf8());
    releaseLock();
    setState(State::Failed);
}

void EmbeddedServer::stop()
{
    m_stopping = true;
    m_restartTimer.stop();
    m_startTimer.stop();
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(m_options.stopTimeoutMs)) {
            appendLog("[console] the server did not stop in time: killed");
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
    releaseLock();
    m_port = 0;
    if (m_state != State::Failed)
        setState(State::Stopped);
}

void EmbeddedServer::releaseLock()
{
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
    m_log.close();
}

void EmbeddedServer::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QString EmbeddedServer::diagnostics() const
{
    QStringList lines;
    lines << QStringLiteral("TheTool console: embedded server diagnostics");
    lines << QStringLiteral("State: %1").arg(stateName(m_state));
    if (!m_failure.isNone()) {
        lines << QStringLiteral("Failure: %1 (%2)")
                     .arg(m_failure.message, EmbeddedFailure::reasonName(m_failure.reason));
        lines << QStringLiteral("Detail: %1").arg(m_failure.detail);
    }
    lines << QStringLiteral("Program: %1").arg(m_options.program);
    lines << QStringLiteral("Data folder: %1").arg(m_options.dataPath);
    lines << QStringLiteral("Log file: %1").arg(logFilePath());
    lines << QStringLiteral("Port: %1")
                 .arg(m_options.port ? QString::number(m_options.port) : QStringLiteral("any free port"));
    if (m_port)
        lines << QStringLiteral("Listening on: 127.0.0.1:%1").arg(m_port);
    lines << QStringLiteral("Restarts: %1").arg(m_restarts);
    if (!m_lastExit.isEmpty())
        lines << QStringLiteral("Last exit: the server %1").arg(m_lastExit);
    lines << QStringLiteral("Last output:");
    const qsizetype from = qMax<qsizetype>(0, m_recentLines.size() - 40);
    for (qsizetype i = from; i < m_recentLines.size(); ++i)
        lines << QStringLiteral("  ") + m_recentLines.at(i);
    QString text = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    if (!m_apiKey.isEmpty())
        text.replace(m_apiKey, QStringLiteral("<api key>"));
    return text;
}

} // namespace thetool::client
