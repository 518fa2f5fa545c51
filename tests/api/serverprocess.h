#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <memory>
#include <optional>

#include "tests/http/rawclient.h"

namespace thetool::test {

// One request on a fresh loopback connection to `port`; headers as "Name: value\r\n" lines.
std::optional<RawClient::Response> requestOnPort(quint16 port, const QByteArray &method,
    const QByteArray &target, const QByteArray &headers = {}, const QByteArray &body = {});

// A real `thetool serve` child process for API tests: its own data folder (SQLite by
// default), PORT=0, JSON logs captured line by line. The port is read from the
// "listening" log record.
class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess(); // SIGTERM, then kill after a bound

    void setEnv(const QString &key, const QString &value) { m_env.insert(key, value); }
    QString dataPath() const { return m_dir.path(); }
    // The child's environment (for running other `thetool` commands on the same database).
    const QProcessEnvironment &environment() const { return m_env; }
    // Starts and waits for "listening"; false with the captured output in error().
    bool start(int timeoutMs = 20000);
    // For start-up refusals: runs to exit and returns the exit code (-1 on timeout).
    int runToExit(int timeoutMs = 20000);
    bool terminate(int timeoutMs = 20000); // SIGTERM and wait; true when it exited 0
    void kill(); // SIGKILL and wait: a crash, nothing cleaned up

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    QString error() const { return m_error; }
    QString masterKey() const { return m_env.value(QStringLiteral("MASTER_API_KEY")); }

    // One request on a fresh connection; headers as "Name: value\r\n" lines.
    std::optional<RawClient::Response> request(const QByteArray &method, const QByteArray &target,
        const QByteArray &headers = {}, const QByteArray &body = {});
    std::optional<RawClient::Response> get(const QByteArray &target, const QByteArray &headers = {})
    {
        return request("GET", target, headers);
    }
    QByteArray authHeader() const { return "X-API-Key: " + masterKey().toUtf8() + "\r\n"; }

    // Everything the process wrote to stdout and stderr so far.
    QByteArray output();
    QList<QJsonObject> logRecords();

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace thetool::test
