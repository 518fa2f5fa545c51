#include "tests/cache/redisprocess.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace thetool::test {

RedisProcess::RedisProcess()
{
    QTcpServer probe;
    if (probe.listen(QHostAddress::LocalHost, 0))
        m_port = probe.serverPort();
}

RedisProcess::~RedisProcess()
{
    kill();
}

bool RedisProcess::start(QString *error)
{
    kill();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(QStringLiteral("redis-server"),
        {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
            QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"),
            QStringLiteral("no"), QStringLiteral("--dir"), m_dir.path()});
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start redis-server: ") + m_process->errorString();
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (socket.waitForConnected(200)) {
            socket.write("PING\r\n");
            if (socket.waitForReadyRead(1000) && socket.readAll().startsWith("+PONG"))
                return true;
        }
        if (m_process->state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    *error = QStringLiteral("redis-server did not answer on port %1: %2")
                 .arg(m_port)
                 .arg(QString::fromUtf8(m_process->readAll()));
    return false;
}

void RedisProcess::kill()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished(5000);
    m_process.reset();
}

} // namespace thetool::test
