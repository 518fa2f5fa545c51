#include "backend/market/pricestore.h"

#include <QDataStream>
#include <QIODevice>
#include <QSqlQuery>

#include <cmath>
#include <optional>

#include "backend/cache/cache.h"
#include "backend/market/demodata.h"
#include "backend/market/marketdataservice.h"
#include "backend/market/tradingcalendar.h"

namespace thetool::market {

namespace {

using db::DbError;

// How far the first stored bar may lie after the period's start (weekends, holidays).
constexpr int kCoverageSlackDays = 7;

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

// A provider response in the cache: source and bars.
QByteArray encodeFetch(const FetchResult &fetched)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out << qint32(1) << fetched.source << quint64(fetched.bars.size());
    for (std::size_t i = 0; i < fetched.bars.size(); ++i)
        out << QByteArray::fromStdString(fetched.bars.dates[i]) << fetched.bars.open[i]
            << fetched.bars.high[i] << fetched.bars.low[i] << fetched.bars.close[i] << fetched.bars.volume[i];
    return bytes;
}

bool decodeFetch(const QByteArray &bytes, FetchResult *fetched)
{
    QDataStream in(bytes);
    qint32 version = 0;
    quint64 count = 0;
    in >> version >> fetched->source >> count;
    if (in.status() != QDataStream::Ok || version != 1 || count == 0 || count > 1000000)
        return false;
    analysis::Bars &bars = fetched->bars;
    bars = {};
    for (quint64 i = 0; i < count; ++i) {
        QByteArray date;
        double open = 0, high = 0, low = 0, close = 0, volume = 0;
        in >> date >> open >> high >> low >> close >> volume;
        bars.dates.push_back(date.toStdString());
        bars.open.push_back(open);
        bars.high.push_back(high);
        bars.low.push_back(low);
        bars.close.push_back(close);
        bars.volume.push_back(volume);
    }
    return in.status() == QDataStream::Ok;
}

} // namespace

PriceStore::PriceStore(db::Database &database, MarketDataService *provider, Clock clock)
    : m_database(database)
    , m_provider(provider)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); }))
{ }

bool PriceStore::isStale(const QDate &lastBar, const QDateTime &fetchedAt, const QDateTime &now)
{
    const QDate due = TradingCalendar::latestClosedSession(now);
    if (lastBar.isValid() && lastBar >= due)
        return false;
    return !fetchedAt.isValid() || fetchedAt.toUTC() < TradingCalendar::sessionAvailableAt(due);
}

DbError PriceStore::load(const QString &symbol, const QDate &from, analysis::Bars *bars, QString *source)
{
    *bars = {};
    return m_database.run(
        [&](QSqlDatabase &connection) {
            QSqlQuery query(connection);
            query.setForwardOnly(true);
            const QString sql =
                QStringLiteral("SELECT date, open, high, low, close, volume, source FROM price_bars "
                               "WHERE symbol = ?")
                + (from.isValid() ? QStringLiteral(" AND date >= ?") : QString())
                + QStringLiteral(" ORDER BY date");
            if (DbError e = m_database.prepare(query, sql))
                return e;
            query.addBindValue(symbol);
            if (from.isValid())
                query.addBindValue(from.toString(Qt::ISODate));
            if (DbError e = m_database.exec(query))
                return e;
            *bars = {};
            while (query.next()) {
                bars->dates.push_back(query.value(0).toDate().toString(Qt::ISODate).toStdString());
                bars->open.push_back(query.value(1).toDouble());
                bars->high.push_back(query.value(2).toDouble());
                bars->low.push_back(query.value(3).toDouble());
                bars->close.push_back(query.value(4).toDouble());
                bars->volume.push_back(query.value(5).toDouble());
                if (source)
                    *source = query.value(6).toString();
            }
            return DbError();
        },
        db::Database::Retry::Idempotent);
}

DbError PriceStore::latestFetch(const QString &symbol, QDateTime *fetchedAt)
{
    return m_database.run(
        [&](QSqlDatabase &connection) {
            QSqlQuery query(connection);
            if (DbError e = m_database.prepare(query,
                    QStringLiteral("SELECT MAX(fetched_at) FROM price_bars WHERE symbol = ? AND source = ?")))
                return e;
            query.addBindValue(symbol);
            query.addBindValue(QStringLiteral("yahoo"));
            if (DbError e = m_database.exec(query))
                return e;
            *fetchedAt = query.next() ? query.value(0).toDateTime().toUTC() : QDateTime();
            return DbError();
        },
        db::Database::Retry::Idempotent);
}

DbError PriceStore::replaceWindow(const QString &symbol, const analysis::Bars &bars, const QString &source)
{
    if (bars.empty())
        return {};
    const QString fetchedAt = isoUtc(m_clock());
    const bool sqlite = m_database.dialect() == db::Dialect::Sqlite;
    return m_database.run([&](QSqlDatabase &connection) {
        QSqlQuery control(connection);
        if (DbError e = m_database.exec(
                control, sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN")))
            return e;
        auto fail = [&](const DbError &error) {
            QSqlQuery rollback(connection);
            m_database.exec(rollback, QStringLiteral("ROLLBACK"));
            return error;
        };
        QSqlQuery remove(connection);
        if (DbError e = m_database.prepare(
                remove, QStringLiteral("DELETE FROM price_bars WHERE symbol = ? AND date >= ?")))
            return fail(e);
        remove.addBindValue(symbol);
        remove.addBindValue(QString::fromStdString(bars.dates.front()));
        if (DbError e = m_database.exec(remove))
            return fail(e);
        QSqlQuery insert(connection);
        if (DbError e = m_database.prepare(insert,
                QStringLiteral(
                    "INSERT INTO price_bars (symbol, date, open, high, low, close, adj_close, volume, "
                    "source, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
            return fail(e);
        for (std::size_t i = 0; i < bars.size(); ++i) {
            insert.bindValue(0, symbol);
            insert.bindValue(1, QString::fromStdString(bars.dates[i]));
            insert.bindValue(2, bars.open[i]);
            insert.bindValue(3, bars.high[i]);
            insert.bindValue(4, bars.low[i]);
            insert.bindValue(5, bars.close[i]);
            insert.bindValue(6, bars.close[i]); // the bars are adjusted: close is the adjusted close
            insert.bindValue(
                7, static_cast<qint64>(std::llround(std::isfinite(bars.volume[i]) ? bars.volume[i] : 0.0)));
            insert.bindValue(8, source);
            insert.bindValue(9, fetchedAt);
            if (DbError e = m_database.exec(insert))
                return fail(e);
        }
        QSqlQuery commit(connection);
        if (DbError e = m_database.exec(commit, QStringLiteral("COMMIT")))
            return fail(e);
        return DbError();
    });
}

FetchResult PriceStore::fetchFromProvider(const QString &symbol, const Period &period, const QDateTime &now,
    QDeadlineTimer deadline, const ShouldStop &shouldStop, PriceSeries *out)
{
    const std::shared_ptr<PendingFetch> pending = m_provider->fetch(symbol, period, now);
    if (shouldStop) {
        // Sliced waits so a cancel or a job deadline aborts the request in flight.
        const auto slice = [&deadline] {
            return deadline.isForever() ? qint64(200)
                                        : qBound(qint64(0), deadline.remainingTime(), qint64(200));
        };
        while (!pending->waitFinished(QDeadlineTimer(slice()))) {
            if (deadline.hasExpired())
                break;
            if (shouldStop()) {
                pending->cancel();
                out->stopped = true;
                out->error = QStringLiteral("stopped while fetching %1").arg(symbol);
                return {};
            }
        }
    }
    return pending->wait(deadline);
}

PriceSeries PriceStore::series(const QString &rawSymbol, const Period &period, bool demo,
    QDeadlineTimer deadline, const ShouldStop &shouldStop)
{
    const QString symbol = rawSymbol.trimmed().toUpper();
    const QDateTime now = m_clock();
    PriceSeries out;
    if (demo) {
        out.bars = generateDemoBars(symbol, period, now);
        out.dataSource = QStringLiteral("demo");
        out.isDemo = true;
        return out;
    }
    const QDate windowStart = period.startFor(TradingCalendar::istDate(now));
    QString storedSource;
    if (DbError e = load(symbol, windowStart, &out.bars, &storedSource)) {
        out.error = QStringLiteral("cannot read stored bars of %1: %2").arg(symbol, e.message);
        return out;
    }
    QDateTime fetchedAt;
    if (DbError e = latestFetch(symbol, &fetchedAt)) {
        out.error = QStringLiteral("cannot read stored bars of %1: %2").arg(symbol, e.message);
        return out;
    }
    const QDate first = out.bars.empty()
        ? QDate()
        : QDate::fromString(QString::fromStdString(out.bars.dates.front()), Qt::ISODate);
    const QDate last = out.bars.empty()
        ? QDate()
        : QDate::fromString(QString::fromStdString(out.bars.dates.back()), Qt::ISODate);
    const bool covers = first.isValid() && first <= windowStart.addDays(kCoverageSlackDays);
    out.dataSource = storedSource;
    if (!out.bars.empty() && covers && !isStale(last, fetchedAt, now))
        return out;
    if (!m_provider) {
        if (out.bars.empty())
            out.error =
                QStringLiteral("no stored bars for %1 (import a CSV with `thetool import-csv`)").arg(symbol);
        return out;
    }
    const QString providerKey =
        QStringLiteral("provider:%1:%2:%3")
            .arg(symbol, period.toString(), TradingCalendar::latestClosedSession(now).toString(Qt::ISODate));
    FetchResult fetched;
    if (const std::optional<QByteArray> cached = m_cache ? m_cache->get(providerKey) : std::nullopt;
        !cached || !decodeFetch(*cached, &fetched)) {
        fetched = fetchFromProvider(symbol, period, now, deadline, shouldStop, &out);
        if (out.stopped)
            return out;
        if (fetched.ok() && m_cache)
            m_cache->put(providerKey, encodeFetch(fetched));
    }
    if (!fetched.ok()) {
        if (out.bars.empty()) {
            out.error = fetched.error.message;
        } else {
            out.warnings.append(QStringLiteral("refresh failed (%1); using stored bars up to %2")
                                    .arg(fetched.error.message, last.toString(Qt::ISODate)));
        }
        return out;
    }
    if (DbError e = replaceWindow(symbol, fetched.bars, fetched.source)) {
        out.bars = fetched.bars;
        out.warnings.append(QStringLiteral("fetched bars were not stored: %1").arg(e.message));
    } else if (DbError reread = load(symbol, windowStart, &out.bars)) {
        // Normally the period as fetched, plus older stored bars when the retry's window was shorter.
        out.bars = fetched.bars;
        out.warnings.append(QStringLiteral("cannot re-read stored bars: %1").arg(reread.message));
    }
    out.dataSource = fetched.source;
    out.refreshed = true;
    return out;
}

} // namespace thetool::market
