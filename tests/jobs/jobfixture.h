#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

#include "backend/db/database.h"
#include "tests/api/serverprocess.h"
#include "tests/support/testenv.h"

namespace thetool::test {

// A chart response in Yahoo's shape holding `count` demo bars of `symbol`, so a provider
// stand-in serves analysable data.
QByteArray demoChartBody(const QString &symbol, int count = 250);

// Polls `condition` every `pollMs` until it holds or `timeoutMs` passes; its last value.
bool waitUntil(const std::function<bool()> &condition, int timeoutMs, int pollMs = 50);

// One server on this test row's database ("sqlite": its own data folder; "pg": a fresh
// PostgreSQL database), with a database handle for the test's own SQL checks.
class JobFixture
{
public:
    JobFixture(const QString &name, bool postgres);

    bool valid() const { return !m_pg || m_pg->isValid(); }
    QString error() const { return m_pg ? m_pg->error() : QString(); }
    ServerProcess &server() { return *m_server; }
    // Another server on the same database (several instances).
    std::unique_ptr<ServerProcess> sibling() const;
    void applyDatabase(ServerProcess &server) const;
    db::Database &database();

    std::optional<RawClient::Response> post(ServerProcess &server, const QByteArray &target,
        const QJsonObject &body, const QByteArray &extraHeaders = {});
    // POST /api/analysis/analyze; the new job id, or empty (with the failure in `why`).
    QString analyze(ServerProcess &server, const QJsonObject &body, QString *why = nullptr);
    QJsonObject status(ServerProcess &server, const QString &jobId);
    // Polls until `done(status)` holds or `timeoutMs` passes; returns the last status.
    QJsonObject waitForStatus(ServerProcess &server, const QString &jobId,
        const std::function<bool(const QJsonObject &)> &done, int timeoutMs);
    // A single integer from `sql` with `binds`, or -1 on error.
    qint64 count(const QString &sql, const QVariantList &binds = {});

private:
    std::unique_ptr<PgTestDatabase> m_pg;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<db::Database> m_database;
};

bool isFinal(const QJsonObject &status);

} // namespace thetool::test
