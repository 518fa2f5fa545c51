#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonValue>
#include <QString>

#include <memory>

#include "tests/api/serverprocess.h"
#include "tests/market/fakechartserver.h"

namespace thetool::test {

// A real `thetool serve` for the original API's tests: its own SQLite data folder (or
// PostgreSQL with `pgUrl`), the provider played by a FakeChartServer serving a year of demo
// bars for any symbol, a bulk password, and keys of each scope.
class OrigServer
{
public:
    struct Reply {
        int status = 0;
        QJsonDocument json;
        QByteArray body;
        QByteArray retryAfter;
    };

    static constexpr const char *bulkPassword = "open sesame 2026";

    // Extra environment (e.g. an unset bulk hash) before start().
    void setEnv(const QString &key, const QString &value) { m_server.setEnv(key, value); }
    bool start(const QString &pgUrl = {});
    QString error() const { return m_error; }
    FakeChartServer &chart() { return m_chart; }
    ServerProcess &process() { return m_server; }

    // `key` is "admin" (the master key), "analyze", "read" or "none"; `body` is sent as JSON
    // when not empty.
    Reply call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
        const QString &key = QStringLiteral("admin"), const QByteArray &extraHeaders = {});

private:
    FakeChartServer m_chart;
    ServerProcess m_server;
    QHash<QString, QString> m_keys;
    QString m_error;
};

// The value at a dotted path ("error.code", "collections.0.id"); undefined when absent.
QJsonValue jsonAt(const QJsonValue &root, const QString &path);
// "string", "number", "bool", "array", "object" or "null".
QString jsonType(const QJsonValue &value);
// A value rendered for comparisons: strings as is, whole numbers without decimals,
// true/false, null.
QString jsonText(const QJsonValue &value);

} // namespace thetool::test
