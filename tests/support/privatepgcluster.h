#pragma once

#include <QString>
#include <QTemporaryDir>
#include <QUrl>

namespace thetool::test {

// A PostgreSQL cluster of one test's own, for tests that stop, start or freeze the server
// (the shared cluster of scripts/test serves tests running in parallel and must stay up).
// Uses the server binaries in TEST_PG_BINDIR (exported by scripts/test); when running as
// root, initdb and pg_ctl run as the `postgres` user, as scripts/lib/services.sh does.
// The destructor stops the cluster (immediate) and deletes its files.
class PrivatePgCluster
{
public:
    PrivatePgCluster();
    ~PrivatePgCluster();
    PrivatePgCluster(const PrivatePgCluster &) = delete;
    PrivatePgCluster &operator=(const PrivatePgCluster &) = delete;

    // initdb and a first start on a free loopback port.
    bool create(QString *error);
    bool start(QString *error);
    // pg_ctl stop -m <mode> (smart, fast, immediate), waiting for it to finish.
    bool stop(const QString &mode, QString *error);

    bool isRunning() const { return m_running; }
    int port() const { return m_port; }
    // postgresql://thetool@127.0.0.1:<port>/<database>
    QUrl url(const QString &database = QStringLiteral("postgres")) const;

private:
    bool runTool(const QString &tool, const QStringList &arguments, QString *error, int timeoutMs = 60000);
    bool startOnPort(int port, QString *error);
    void startReaper();

    QTemporaryDir m_dir;
    QString m_binDir;
    QString m_dataDir;
    int m_port = 0;
    bool m_running = false;
    bool m_reaperStarted = false;
};

} // namespace thetool::test
