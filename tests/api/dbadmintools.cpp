#include "tests/api/dbadmintools.h"

#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>

namespace thetool::test::dbadmin {

// `thetool ARGS` with `env`: exit code; output to `out`.
int runThetool(const QProcessEnvironment &env, const QStringList &args, QByteArray *out)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(qEnvironmentVariable("THETOOL_BIN"), args);
    if (!process.waitForFinished(120000))
        return -1;
    if (out)
        *out = process.readAllStandardOutput() + process.readAllStandardError();
    return process.exitCode();
}

QProcessEnvironment sqliteEnv(const QString &dataPath)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DATABASE_URL"));
    env.insert(QStringLiteral("DATA_PATH"), dataPath);
    return env;
}

QProcessEnvironment pgEnv(const PgTestDatabase &pg)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), pg.url().toString());
    env.insert(QStringLiteral("DATA_PATH"), QDir::tempPath());
    return env;
}

// table → {"rows", "checksum", "portable_checksum"} from `thetool db checksum --json`.
QJsonObject checksums(const QProcessEnvironment &env)
{
    QByteArray out;
    if (runThetool(env, {QStringLiteral("db"), QStringLiteral("checksum"), QStringLiteral("--json")}, &out)
        != 0)
        return {{QStringLiteral("error"), QString::fromUtf8(out)}};
    return QJsonDocument::fromJson(out).object();
}

// One field of every table: {"table": value}.
QJsonObject field(const QJsonObject &sums, const QString &name, const QStringList &skip)
{
    QJsonObject out;
    for (auto it = sums.constBegin(); it != sums.constEnd(); ++it) {
        if (!skip.contains(it.key()))
            out.insert(it.key(), it->toObject().value(name));
    }
    return out;
}

bool exec(QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery query(db);
    if (!query.prepare(sql)) {
        qWarning() << query.lastError().text();
        return false;
    }
    for (const QVariant &b : binds)
        query.addBindValue(b);
    if (!query.exec()) {
        qWarning() << sql << query.lastError().text();
        return false;
    }
    return true;
}

// Rows in every table with the awkward values: nulls, booleans, many-digit floats, unicode,
// quotes, timestamps with milliseconds, big integers.
bool seed(QSqlDatabase &db)
{
    const QVariant null = QVariant(QMetaType::fromType<QString>());
    bool ok = true;
    for (int i = 0; i < 30; ++i) {
        const QString job = QStringLiteral("job-%1").arg(i);
        ok = ok
            && exec(db,
                QStringLiteral(
                    "INSERT INTO analysis_jobs (job_id, status, total, completed, successful, errors, "
                    "tickers_json, created_at, updated_at, started_at, completed_at, strategy_id, kind, "
                    "cancel_requested, config_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {job, i % 3 ? QStringLiteral("completed") : QStringLiteral("failed"), 3, 3, 2,
                    QStringLiteral("[\"x \\\"quoted\\\"\"]"), QStringLiteral("[\"M&M.NS\",\"TCS.NS\"]"),
                    QStringLiteral("2026-01-%1T09:15:00.123Z").arg(i % 28 + 1, 2, 10, QLatin1Char('0')),
                    QStringLiteral("2026-01-%1T09:16:00.456Z").arg(i % 28 + 1, 2, 10, QLatin1Char('0')),
                    i % 2 ? null : QVariant(QStringLiteral("2026-01-02T03:04:05.006Z")), null, i % 5 + 1,
                    i % 4 ? QStringLiteral("analysis") : QStringLiteral("bulk_analysis"), i % 2 == 0,
                    QStringLiteral("{\"period\":\"1y\"}")});
        for (int t = 0; t < 3; ++t) {
            ok = ok
                && exec(db,
                    QStringLiteral(
                        "INSERT INTO analysis_results (ticker, symbol, name, score, verdict, entry, "
                        "stop_loss, "
                        "target, position_size, risk_reward_ratio, is_demo_data, raw_data, status, "
                        "created_at, "
                        "job_id, strategy_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    {QStringLiteral("T%1.NS").arg(t), QStringLiteral("T%1").arg(t),
                        QStringLiteral("Tata \u0915\u0902\u092a\u0928\u0940 'quoted' %1").arg(i),
                        72.123456789 + i * 0.001 + t, QStringLiteral("Buy"), 1234.56789 + i,
                        t ? null : QVariant(1100.1), 1400.987654321, i * 10, 2.3456789, t == 1,
                        QStringLiteral("{\"indicators\":[1.5,2.25],\"note\":\"\u00e9\"}"),
                        QStringLiteral("completed"), QStringLiteral("2026-01-05T10:00:%1.789Z").arg(t + 10),
                        job, i % 5 + 1});
            ok = ok
                && exec(db,
                    QStringLiteral(
                        "INSERT INTO job_logs (job_id, created_at, level, correlation_id, attempt, ticker, "
                        "message) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                    {job, QStringLiteral("2026-01-05T10:00:00.%1Z").arg(t * 111, 3, 10, QLatin1Char('0')),
                        QStringLiteral("info"), QStringLiteral("req-%1").arg(i), 1,
                        QStringLiteral("T%1.NS").arg(t),
                        QStringLiteral("line %1 with 'quotes' and \\ backslash").arg(t)});
        }
    }
    for (int d = 1; d <= 28; ++d) {
        ok = ok
            && exec(db,
                QStringLiteral("INSERT INTO price_bars (symbol, date, open, high, low, close, adj_close, "
                               "volume, source, "
                               "fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {QStringLiteral("M&M.NS"), QStringLiteral("2026-02-%1").arg(d, 2, 10, QLatin1Char('0')),
                    1000.0 / 3.0 + d, 1010.123456789012 + d, 990.000000000001 + d, 1005.5 + d,
                    d % 2 ? null : QVariant(0.1 + 0.2), qint64(9007199254740000LL) + d,
                    QStringLiteral("yahoo"), QStringLiteral("2026-02-28T16:00:00.000Z")});
    }
    ok = ok
        && exec(db, QStringLiteral("INSERT INTO watchlist_collections (name, description) VALUES (?, ?)"),
            {QStringLiteral("Banks \u20b9"), null});
    ok = ok
        && exec(db, QStringLiteral("INSERT INTO watchlist_collections (name, description) VALUES (?, ?)"),
            {QStringLiteral("IT"), QStringLiteral("tech")});
    ok = ok
        && exec(db,
            QStringLiteral("INSERT INTO watchlist (ticker, name, collection_id, last_job_id, notes) "
                           "SELECT ?, ?, id, ?, ? FROM watchlist_collections WHERE name = ?"),
            {QStringLiteral("HDFCBANK.NS"), QStringLiteral("HDFC"), QStringLiteral("job-1"),
                QStringLiteral("note\nnew line"), QStringLiteral("IT")});
    ok = ok
        && exec(db,
            QStringLiteral("INSERT INTO workers (worker_id, instance, hostname, pid, version, status, "
                           "current_job_id) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {QStringLiteral("w1"), QStringLiteral("host:1"), QStringLiteral("host"), 1,
                QStringLiteral("0.1.0"), QStringLiteral("idle"), null});
    ok = ok && exec(db, QStringLiteral("UPDATE strategies SET is_active = ? WHERE id = 4"), {false});
    return ok;
}

qint64 tableRows(const QJsonObject &sums, const QString &table)
{
    return sums.value(table).toObject().value(QStringLiteral("rows")).toInteger(-1);
}

} // namespace thetool::test::dbadmin
