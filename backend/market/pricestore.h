#pragma once

#include <QDateTime>
#include <QDeadlineTimer>
#include <QString>

#include <functional>

#include "backend/db/database.h"
#include "backend/market/period.h"
#include "backend/market/priceseries.h"
#include "backend/market/yahoochartparser.h"

namespace thetool::cache {
class Cache;
}

namespace thetool::market {

class MarketDataService;

// Daily bars in `price_bars`, refreshed from the provider when stale. Stale means the
// latest closed NSE session (TradingCalendar, IST) has no stored bar and nothing was fetched
// since that bar became due (so an exchange holiday does not refetch forever), or the store
// does not reach back to the period's start. A refresh replaces the stored window of the
// symbol from the fetched first date on: a split or dividend rewrites adjusted history.
class PriceStore
{
public:
    using Clock = std::function<QDateTime()>; // UTC now; injectable for tests
    // Asked a few times a second while a provider fetch is in flight; true aborts the fetch
    // (a job cancelled or out of time).
    using ShouldStop = std::function<bool()>;

    // `provider` may be null (offline: the store serves what it has).
    PriceStore(db::Database &database, MarketDataService *provider, Clock clock = {});
    // Provider responses are kept in `cache` (null: none), keyed by symbol, period and the
    // session they end at, so another instance sharing Redis need not ask the provider again.
    void setCache(cache::Cache *cache) { m_cache = cache; }

    // Bars of `symbol` over `period` ending now: demo bars when `demo`, else the store,
    // refreshed first when stale. `deadline` bounds the provider fetch; `shouldStop`
    // aborts it early (the series then has `stopped` set and an error).
    PriceSeries series(const QString &symbol, const Period &period, bool demo,
        QDeadlineTimer deadline = QDeadlineTimer(30000), const ShouldStop &shouldStop = {});

    // Stored bars of `symbol` dated `from` or later (all when `from` is null), oldest first;
    // `source` gets the source of the latest bar.
    db::DbError load(
        const QString &symbol, const QDate &from, analysis::Bars *bars, QString *source = nullptr);
    // Deletes the stored bars of `symbol` from `bars`' first date on and stores `bars`.
    db::DbError replaceWindow(const QString &symbol, const analysis::Bars &bars, const QString &source);
    // Whether stored bars ending at `lastBar`, fetched at `fetchedAt`, need a refresh at `now`.
    static bool isStale(const QDate &lastBar, const QDateTime &fetchedAt, const QDateTime &now);

private:
    // When the provider last delivered bars of `symbol` (an import is not a fetch).
    db::DbError latestFetch(const QString &symbol, QDateTime *fetchedAt);
    // Asks the provider; sets `out->stopped` (and its error) when `shouldStop` aborted it.
    FetchResult fetchFromProvider(const QString &symbol, const Period &period, const QDateTime &now,
        QDeadlineTimer deadline, const ShouldStop &shouldStop, PriceSeries *out);

    db::Database &m_database;
    MarketDataService *m_provider;
    Clock m_clock;
    cache::Cache *m_cache = nullptr;
};

} // namespace thetool::market
