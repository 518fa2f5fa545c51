#include "tests/api/serverprocess.h"

#include <QDeadlineTimer>
#include <QJsonDocument>

namespace thetool::test {

ServerProcess::ServerProcess()
    : m_env(QProcessEnvironment::systemEnvironment())
{
    // A clean slate: nothing from the developer's shell may leak in.
    for (const char *key : {"DATABASE_URL", "REDIS_URL", "CORS_ORIGINS", "TRUSTED_PROXIES", "APP_ENV",
             "FLASK_ENV", "MASTER_API_KEY", "RATE_LIMIT_PER_MINUTE", "LOG_LEVEL", "LOG_FORMAT"})
        m_env.remove(QString::fromLatin1(key));
    m_env.insert(QStringLiteral("APP_ENV"), QStringLiteral("production"));
    m_env.insert(
        QStringLiteral("MASTER_API_KEY"), QStringLiteral("test-master-key-0123456789abcdef0123456789"));
    m_env.insert(QStringLiteral("PORT"), QStringLiteral("0"));
    m_env.insert(QStringLiteral("BIND_ADDRESS"), QStringLiteral("127.0.0.1"));
    m_env.insert(QStringLiteral("DATA_PATH"), m_dir.path());
    m_env.insert(QStringLiteral("SHUTDOWN_TIMEOUT"), QStringLiteral("5"));
}

ServerProcess::~ServerProcess()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000))
            m_process->kill();
        m_process->waitForFinished(5000);
    }
}

bool ServerProcess::start(int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(m_env);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(m_dir.path());
    m_process->start(qEnvironmentVariable("THETOOL_BIN"), {QStringLiteral("serve")});
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (!m_process->waitForReadyRead(100) && m_process->state() == QProcess::NotRunning)
            break;
        for (const QJsonObject &record : logRecords()) {
            if (record.value(QStringLiteral("event")).toString() == QLatin1String("listening")) {
                m_port = static_cast<quint16>(record.value(QStringLiteral("port")).toInt());
                return true;
            }
        }
    }
    m_error = QStringLiteral("server did not start: ") + QString::fromUtf8(output());
    return false;
}

int ServerProcess::runToExit(int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(m_env);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(m_dir.path());
    m_process->start(qEnvironmentVariable("THETOOL_BIN"), {QStringLiteral("serve")});
    if (!m_process->waitForFinished(timeoutMs))
        return -1;
    output();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

bool ServerProcess::terminate(int timeoutMs)
{
    if (!m_process)
        return false;
    m_process->terminate();
    if (!m_process->waitForFinished(timeoutMs))
        return false;
    output();
    return m_process->exitStatus() == QProcess::NormalExit && m_process->exitCode() == 0;
}

void ServerProcess::kill()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished(10000);
    output();
}

std::optional<RawClient::Response> requestOnPort(quint16 port, const QByteArray &method,
    const QByteArray &target, const QByteArray &headers, const QByteArray &body)
{
    RawClient client;
    if (!client.connectTo(port))
        return std::nullopt;
    QByteArray bytes =
        method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers;
    if (!body.isEmpty() || method == "POST")
        bytes +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    bytes += "\r\n" + body;
    if (!client.send(bytes))
        return std::nullopt;
    return method == "HEAD" ? client.readHeadResponse() : client.readResponse();
}

std::optional<RawClient::Response> ServerProcess::request(
    const QByteArray &method, const QByteArray &target, const QByteArray &headers, const QByteArray &body)
{
    return requestOnPort(m_port, method, target, headers, body);
}

QByteArray ServerProcess::output()
{
    if (!m_process)
        return m_output;
    // Without an event loop QProcess only reads the pipe inside waitFor* calls: drain what
    // the child has written until it has been quiet briefly.
    do {
        m_output += m_process->readAll();
    } while (m_process->state() == QProcess::Running && m_process->waitForReadyRead(20));
    m_output += m_process->readAll();
    return m_output;
}

QList<QJsonObject> ServerProcess::logRecords()
{
    QList<QJsonObject> records;
    for (const QByteArray &line : output().split('\n')) {
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            records.append(doc.object());
    }
    return records;
}

} // namespace thetool::test
