#include "tests/jobs/jobfixture.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QThread>
#include <QTimeZone>

#include "backend/market/demodata.h"
#include "backend/market/period.h"
#include "backend/repo/sqlsupport.h"

namespace thetool::test {

bool waitUntil(const std::function<bool()> &condition, int timeoutMs, int pollMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (condition())
            return true;
        QThread::msleep(pollMs);
    }
    return condition();
}

QByteArray demoChartBody(const QString &symbol, int count)
{
    const analysis::Bars bars = market::generateDemoBars(
        symbol, market::Period {count, market::Period::Unit::Days}, QDateTime::currentDateTimeUtc());
    QJsonArray timestamps, open, high, low, close, volume;
    for (size_t i = 0; i < bars.dates.size(); ++i) {
        const QDate day = QDate::fromString(QString::fromStdString(bars.dates[i]), Qt::ISODate);
        timestamps.append(QDateTime(day, QTime(9, 15), QTimeZone(19800)).toSecsSinceEpoch());
        open.append(bars.open[i]);
        high.append(bars.high[i]);
        low.append(bars.low[i]);
        close.append(bars.close[i]);
        volume.append(bars.volume[i]);
    }
    const QJsonObject quote {{QStringLiteral("open"), open}, {QStringLiteral("high"), high},
        {QStringLiteral("low"), low}, {QStringLiteral("close"), close}, {QStringLiteral("volume"), volume}};
    const QJsonObject result {
        {QStringLiteral("meta"),
            QJsonObject {{QStringLiteral("symbol"), symbol}, {QStringLiteral("gmtoffset"), 19800}}},
        {QStringLiteral("timestamp"), timestamps},
        {QStringLiteral("indicators"),
            QJsonObject {{QStringLiteral("quote"), QJsonArray {quote}},
                {QStringLiteral("adjclose"),
                    QJsonArray {QJsonObject {{QStringLiteral("adjclose"), close}}}}}}};
    return QJsonDocument(QJsonObject {{QStringLiteral("chart"),
                             QJsonObject {{QStringLiteral("result"), QJsonArray {result}},
                                 {QStringLiteral("error"), QJsonValue()}}}})
        .toJson(QJsonDocument::Compact);
}

JobFixture::JobFixture(const QString &name, bool postgres)
    : m_server(std::make_unique<ServerProcess>())
{
    if (postgres)
        m_pg = std::make_unique<PgTestDatabase>(QStringLiteral("jobs_") + name);
    applyDatabase(*m_server);
}

void JobFixture::applyDatabase(ServerProcess &server) const
{
    if (m_pg)
        server.setEnv(QStringLiteral("DATABASE_URL"), m_pg->url().toString());
}

std::unique_ptr<ServerProcess> JobFixture::sibling() const
{
    auto other = std::make_unique<ServerProcess>();
    other->setEnv(QStringLiteral("MASTER_API_KEY"), m_server->masterKey());
    applyDatabase(*other);
    return other;
}

db::Database &JobFixture::database()
{
    if (!m_database) {
        db::DatabaseOptions options;
        if (m_pg)
            options.url = m_pg->url().toString();
        else
            options.dataPath = m_server->dataPath();
        db::DbError error;
        m_database = db::Database::create(options, &error);
    }
    return *m_database;
}

std::optional<RawClient::Response> JobFixture::post(
    ServerProcess &server, const QByteArray &target, const QJsonObject &body, const QByteArray &extraHeaders)
{
    return server.request("POST", target,
        server.authHeader() + "Content-Type: application/json\r\n" + extraHeaders,
        QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QString JobFixture::analyze(ServerProcess &server, const QJsonObject &body, QString *why)
{
    const auto response = post(server, "/api/analysis/analyze", body);
    if (!response || response->status != 201) {
        if (why)
            *why = response ? QString::fromUtf8(response->statusLine + ' ' + response->body)
                            : QStringLiteral("no answer");
        return {};
    }
    return QJsonDocument::fromJson(response->body).object().value(QStringLiteral("job_id")).toString();
}

QJsonObject JobFixture::status(ServerProcess &server, const QString &jobId)
{
    const auto response = server.get("/api/analysis/status/" + jobId.toUtf8(), server.authHeader());
    return response ? QJsonDocument::fromJson(response->body).object() : QJsonObject();
}

QJsonObject JobFixture::waitForStatus(ServerProcess &server, const QString &jobId,
    const std::function<bool(const QJsonObject &)> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QJsonObject last;
    while (timer.elapsed() < timeoutMs) {
        last = status(server, jobId);
        if (done(last))
            return last;
        QThread::msleep(50);
    }
    return last;
}

qint64 JobFixture::count(const QString &sql, const QVariantList &binds)
{
    qint64 value = -1;
    const db::DbError error = repo::runBound(
        database(), sql, binds, [&value](const QSqlQuery &row) { value = row.value(0).toLongLong(); });
    return error ? -1 : value;
}

bool isFinal(const QJsonObject &status)
{
    const QString s = status.value(QStringLiteral("status")).toString();
    return s == QLatin1String("completed") || s == QLatin1String("failed") || s == QLatin1String("cancelled");
}

} // namespace thetool::test
