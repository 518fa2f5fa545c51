#include "tests/support/privatepgcluster.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace thetool::test {

namespace {

// A port the kernel considers free right now (a race with other processes is retried).
int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

} // namespace

PrivatePgCluster::PrivatePgCluster()
    : m_binDir(qEnvironmentVariable("TEST_PG_BINDIR"))
{ }

PrivatePgCluster::~PrivatePgCluster()
{
    if (m_running) {
        QString ignored;
        stop(QStringLiteral("immediate"), &ignored);
    }
}

bool PrivatePgCluster::runTool(
    const QString &tool, const QStringList &arguments, QString *error, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    const QString program = m_binDir + QLatin1Char('/') + tool;
    if (runningAsRoot()) {
        process.start(QStringLiteral("runuser"),
            QStringList {QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program}
                + arguments);
    } else {
        process.start(program, arguments);
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        *error = tool + QStringLiteral(" did not finish: ") + process.errorString();
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = tool + QStringLiteral(" failed: ") + QString::fromLocal8Bit(process.readAll()).simplified();
        return false;
    }
    return true;
}

bool PrivatePgCluster::create(QString *error)
{
    if (m_binDir.isEmpty() || !QFile::exists(m_binDir + QStringLiteral("/initdb"))) {
        *error = QStringLiteral(
            "TEST_PG_BINDIR is not set or holds no initdb: run the tests through scripts/test");
        return false;
    }
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary folder: ") + m_dir.errorString();
        return false;
    }
    if (runningAsRoot()) {
        const passwd *user = ::getpwnam("postgres");
        if (!user || ::chown(QFile::encodeName(m_dir.path()).constData(), user->pw_uid, user->pw_gid) != 0) {
            *error = QStringLiteral("cannot hand the cluster folder to the postgres user");
            return false;
        }
    }
    m_dataDir = m_dir.filePath(QStringLiteral("data"));
    if (!runTool(QStringLiteral("initdb"),
            {QStringLiteral("-D"), m_dataDir, QStringLiteral("-U"), QStringLiteral("thetool"),
                QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--no-sync")},
            error, 120000))
        return false;
    for (int attempt = 0; attempt < 3; ++attempt) {
        const int port = freeLoopbackPort();
        if (port != 0 && startOnPort(port, error))
            return true;
    }
    return false;
}

bool PrivatePgCluster::startOnPort(int port, QString *error)
{
    const QString options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                           "-c synchronous_commit=off -c full_page_writes=off")
                                .arg(port)
                                .arg(m_dir.path());
    if (!runTool(QStringLiteral("pg_ctl"),
            {QStringLiteral("-D"), m_dataDir, QStringLiteral("-l"),
                m_dir.filePath(QStringLiteral("server.log")), QStringLiteral("-w"), QStringLiteral("-t"),
                QStringLiteral("60"), QStringLiteral("-o"), options, QStringLiteral("start")},
            error))
        return false;
    m_port = port;
    m_running = true;
    startReaper();
    return true;
}

void PrivatePgCluster::startReaper()
{
    if (m_reaperStarted)
        return;
    m_reaperStarted = true;
    // If this test process dies without running the destructor (a crash, a CTest timeout),
    // nobody would stop the cluster: a detached shell stops it and deletes its files once
    // the test's pid is gone. /proc is checked, not `kill -0`, which fails across users.
    const QString script =
        QStringLiteral("while [ -d /proc/%1 ]; do sleep 1; done; "
                       "'%2/pg_ctl' -D '%3' -m immediate stop >/dev/null 2>&1; rm -rf '%4'")
            .arg(QCoreApplication::applicationPid())
            .arg(m_binDir, m_dataDir, m_dir.path());
    const QStringList shell = {QStringLiteral("sh"), QStringLiteral("-c"), script};
    if (runningAsRoot())
        QProcess::startDetached(QStringLiteral("runuser"),
            QStringList {QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} + shell);
    else
        QProcess::startDetached(shell.first(), shell.mid(1));
}

bool PrivatePgCluster::start(QString *error)
{
    if (m_port == 0) {
        *error = QStringLiteral("the cluster was never created");
        return false;
    }
    return startOnPort(m_port, error);
}

bool PrivatePgCluster::stop(const QString &mode, QString *error)
{
    if (!runTool(QStringLiteral("pg_ctl"),
            {QStringLiteral("-D"), m_dataDir, QStringLiteral("-m"), mode, QStringLiteral("-w"),
                QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("stop")},
            error))
        return false;
    m_running = false;
    return true;
}

QUrl PrivatePgCluster::url(const QString &database) const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(QStringLiteral("thetool"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(QLatin1Char('/') + database);
    return url;
}

} // namespace thetool::test
