#include "ui/dashboard/historystore.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

namespace thetool::ui {

namespace {

QVariant optionalValue(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType::fromType<double>());
}

} // namespace

HistoryStore::HistoryStore(const QString &filePath, const QString &profile, int capacity)
    : m_connection(QStringLiteral("thetool-ui-history-%1").arg(quintptr(this), 0, 16))
    , m_profile(profile)
    , m_capacity(capacity)
{
    QDir().mkpath(QFileInfo(filePath).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(filePath);
    if (!db.open()) {
        m_error = db.lastError().text();
        return;
    }
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS dashboard_samples (profile TEXT NOT NULL, "
            "t INTEGER NOT NULL, response_ms REAL NOT NULL, hit_rate REAL, queue_depth INTEGER)"))
        || !q.exec(QStringLiteral(
            "CREATE INDEX IF NOT EXISTS dashboard_samples_profile_t ON dashboard_samples (profile, t)"))) {
        m_error = q.lastError().text();
        return;
    }
    m_open = true;
}

HistoryStore::~HistoryStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

void HistoryStore::append(const Sample &s)
{
    if (!m_open)
        return;
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO dashboard_samples (profile, t, response_ms, hit_rate, queue_depth) "
                             "VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(m_profile);
    q.addBindValue(s.timeMs);
    q.addBindValue(s.responseMs);
    q.addBindValue(optionalValue(s.hitRate));
    q.addBindValue(s.queueDepth ? QVariant(*s.queueDepth) : QVariant(QMetaType::fromType<qint64>()));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return;
    }
    // The ring: only the newest `capacity` samples of this profile stay.
    QSqlQuery trim(db);
    trim.prepare(QStringLiteral("DELETE FROM dashboard_samples WHERE profile = ? AND t < (SELECT t FROM "
                                "dashboard_samples WHERE profile = ? ORDER BY t DESC LIMIT 1 OFFSET ?)"));
    trim.addBindValue(m_profile);
    trim.addBindValue(m_profile);
    trim.addBindValue(m_capacity - 1);
    if (!trim.exec())
        m_error = trim.lastError().text();
}

QList<HistoryStore::Sample> HistoryStore::samples() const
{
    QList<Sample> out;
    if (!m_open)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT t, response_ms, hit_rate, queue_depth FROM dashboard_samples "
                             "WHERE profile = ? ORDER BY t"));
    q.addBindValue(m_profile);
    if (!q.exec())
        return out;
    while (q.next()) {
        Sample s;
        s.timeMs = q.value(0).toLongLong();
        s.responseMs = q.value(1).toDouble();
        if (!q.value(2).isNull())
            s.hitRate = q.value(2).toDouble();
        if (!q.value(3).isNull())
            s.queueDepth = q.value(3).toLongLong();
        out.append(s);
    }
    return out;
}

QString HistoryStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/dashboard-history.sqlite");
}

} // namespace thetool::ui
