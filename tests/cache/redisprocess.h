#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace thetool::test {

// A redis-server of the test's own on a free loopback port, so a test can stop it and
// start it again on the same port (the shared test Redis must never be stopped).
class RedisProcess
{
public:
    RedisProcess();
    ~RedisProcess();
    bool start(QString *error); // on the same port each time
    void kill(); // SIGKILL: an outage, nothing flushed
    quint16 port() const { return m_port; }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

} // namespace thetool::test
